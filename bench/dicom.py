"""Time the de-identification of a 500-slice CT series, one file at a time (issue 24).

    .venv/bin/python bench/dicom.py [--slices 500] [--size 512]

Writes a generated CT series (512 × 512, 16 bits, identifying attributes, descriptors with a name and a
telephone number, private tags) to a temporary folder, then reads, de-identifies and writes back each file in
turn as MedCoop does for an upload. Targets: the whole series in ≤ 10 s, and the process's memory growing by
no more than four files' worth (streamed: one file in memory at a time). Exits 1 when one is missed.
"""

import argparse
import io
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 10.0
MEMORY_FILES = 4


def slice_bytes(index: int, size: int, study_uid: str, series_uid: str) -> bytes:
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, generate_uid

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = CTImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.SOPClassUID, ds.SOPInstanceUID = CTImageStorage, meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study_uid, series_uid, study_uid[:-1] + "9"
    ds.PatientName, ds.PatientID, ds.PatientBirthDate, ds.PatientSex = "NGUYEN^VAN^AN", "BN-2025-0042", "19700312", "M"
    ds.PatientAge, ds.PatientWeight, ds.PatientAddress = "055Y", 61.5, "12 Phố Huế, Hà Nội"
    ds.InstitutionName, ds.ReferringPhysicianName, ds.StationName = "Bệnh viện K", "TRAN^THI^B", "CT01"
    ds.StudyDate = ds.SeriesDate = ds.ContentDate = "20250315"
    ds.StudyTime = ds.ContentTime = "101500"
    ds.StudyDescription = "CT ngực NGUYEN VAN AN 0912345678"
    ds.SeriesDescription, ds.ProtocolName = "Ngực có thuốc", "Chest routine"
    ds.Modality, ds.InstanceNumber, ds.SliceThickness = "CT", index + 1, "1.0"
    ds.ImagePositionPatient = [0, 0, index]
    ds.add_new(0x00091010, "LO", "vendor note NGUYEN VAN AN")
    ds.Rows = ds.Columns = size
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PixelData = (index % 4096).to_bytes(2, "little") * (size * size)
    out = io.BytesIO()
    ds.save_as(out, enforce_file_format=True)
    return out.getvalue()


def max_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def run(slices: int, size: int) -> int:
    from pydicom.uid import generate_uid

    from medcoop.consultations.deidentify import annex_e, deidentify_dicom

    annex_e()  # the table is read once per process, as in a running server
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder, "in"), Path(folder, "out")
        source.mkdir(), target.mkdir()
        study, series = generate_uid(), generate_uid()
        for index in range(slices):
            (source / f"{index:04d}.dcm").write_bytes(slice_bytes(index, size, study, series))
        file_size = (source / "0000.dcm").stat().st_size
        deidentify_dicom((source / "0000.dcm").read_bytes(), date_shift_days=-400, uid_salt="bench")  # warm
        before = max_rss_bytes()
        started = time.perf_counter()
        for path in sorted(source.iterdir()):
            shared = deidentify_dicom(path.read_bytes(), date_shift_days=-400, uid_salt="bench:1")
            (target / path.name).write_bytes(shared)
        seconds = time.perf_counter() - started
        growth = max_rss_bytes() - before
        leaked = b"NGUYEN" in (target / "0000.dcm").read_bytes() or b"0912345678" in (target / "0000.dcm").read_bytes()
    per_file = seconds / slices * 1000
    print(f"{slices} slices of {size} × {size}, {file_size / 1e6:.2f} MB each, streamed one file at a time")
    print(f"{'figure':<34}{'measured':>12}{'target':>12}")
    print(f"{'whole series (s)':<34}{seconds:>12.2f}{TARGET_SECONDS:>12.1f}")
    print(f"{'per file (ms)':<34}{per_file:>12.1f}{TARGET_SECONDS / 500 * 1000:>12.1f}")
    print(f"{'memory growth (MB)':<34}{growth / 1e6:>12.1f}{MEMORY_FILES * file_size / 1e6:>12.1f}")
    print(f"{'identifiers left in a slice':<34}{int(leaked):>12}{0:>12}")
    missed = seconds > TARGET_SECONDS or growth > MEMORY_FILES * file_size or leaked
    print("MISSED" if missed else "all targets met")
    return 1 if missed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slices", type=int, default=500)
    parser.add_argument("--size", type=int, default=512)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medcoop.settings")
    import django

    django.setup()
    return run(args.slices, args.size)


if __name__ == "__main__":
    sys.exit(main())

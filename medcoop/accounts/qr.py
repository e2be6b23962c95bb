"""The authenticator's QR code as inline SVG, drawn on the server: no image service, no script."""

import qrcode
import qrcode.image.svg
from django.utils.safestring import mark_safe


def qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return mark_safe(image.to_string(encoding="unicode"))

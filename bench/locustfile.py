"""The mix the load test sends: mostly reads of lists, searches, details and the API, some writes through the
API. Each simulated user takes a coordinator's token and one of that coordinator's partners, as
MEDCOOP_LOAD_TOKENS and MEDCOOP_LOAD_PARTNERS list them, pair by pair."""

import os
import random

from locust import HttpUser, between, task

COORDINATORS = list(
    zip(
        os.environ["MEDCOOP_LOAD_TOKENS"].split(","),
        [int(i) for i in os.environ["MEDCOOP_LOAD_PARTNERS"].split(",")],
        strict=True,
    )
)
SEARCHES = ["ghep tang", "dao tao", "hoi chan", "benh vien", "phau thuat tim"]


class Coordinator(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self):
        token, self.partner = random.choice(COORDINATORS)
        self.headers = {"Authorization": f"Bearer {token}"}

    @task(4)
    def list_activities(self):
        self.client.get("/api/activities/?limit=50", headers=self.headers, name="api list")

    @task(3)
    def search(self):
        self.client.get(f"/api/activities/?q={random.choice(SEARCHES)}", headers=self.headers, name="api search")

    @task(2)
    def filtered(self):
        self.client.get(
            f"/api/activities/?year={random.randint(2015, 2025)}&kind=training",
            headers=self.headers,
            name="api filtered",
        )

    @task(2)
    def detail(self):
        page = self.client.get("/api/activities/?limit=20&fields=id", headers=self.headers, name="api list").json()
        if page["items"]:
            pk = random.choice(page["items"])["id"]
            self.client.get(f"/api/activities/{pk}", headers=self.headers, name="api detail")

    @task(1)
    def write(self):
        self.client.post(
            "/api/activities/",
            headers=self.headers,
            name="api create",
            json={
                "kind": "training",
                "title": f"Tập huấn {random.randint(1, 10**6)}",
                "start": "2026",
                "partners": [{"organization": self.partner}],
                "figures": [{"metric": "staff_trained", "value": random.randint(1, 60)}],
            },
        )

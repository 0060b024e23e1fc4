#!/usr/bin/env python3
"""A charitable firm's script in Python 3, standard library only (urllib, json).

Browses the anonymized wish pool, claims the cheapest open wish, delivers the gift to the
organizing union, and prints the gifts given so far with the workers' thanks.

    UNION_API_URL=http://127.0.0.1:3000 UNION_API_KEY=<donor key> python3 examples/python/donor.py [max_value_fen]

Against `npm start` with neither variable set, it reads the demo donor's key from
.local/demo.json. See README.md here.
"""
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

DEMO_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".local", "demo.json")


class ApiError(Exception):
    def __init__(self, status, problem):
        super().__init__(f"{status} {problem.get('title', '')}: {problem.get('detail', '')}")
        self.status = status
        self.problem = problem


def settings():
    demo = None
    if os.path.exists(DEMO_FILE):
        with open(DEMO_FILE, encoding="utf-8") as file:
            demo = json.load(file)
    base_url = os.environ.get("UNION_API_URL") or (demo and demo["apiUrl"])
    api_key = os.environ.get("UNION_API_KEY") or (demo and base_url == demo["apiUrl"] and demo["accounts"]["donor"]["apiKey"])
    if not base_url or not api_key:
        sys.exit("Set UNION_API_URL and UNION_API_KEY (a donor account's key), or run `npm start` first")
    return base_url.rstrip("/"), api_key


BASE_URL, API_KEY = settings()


def call(method, path, body=None, query=None):
    """Calls the API with the donor's key; answers the JSON body, raises ApiError on a 4xx or 5xx."""
    url = BASE_URL + path + ("?" + urllib.parse.urlencode(query) if query else "")
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, method=method, headers={"x-api-key": API_KEY, "content-type": "application/json", "accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode("utf-8")
            return json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        text = error.read().decode("utf-8")
        raise ApiError(error.code, json.loads(text) if text.startswith("{") else {"detail": text}) from None


def yuan(fen):
    return f"{fen / 100:.2f} yuan"


def adopt_one_wish(max_value_fen):
    pool = call("GET", "/v1/wishes", query={"status": "open", "maxValueFen": max_value_fen, "limit": 100})
    print(f"{len(pool['items'])} open wishes up to {yuan(max_value_fen)}")
    for wish in sorted(pool["items"], key=lambda wish: wish["valueFen"]):
        wish_id = wish["id"]
        try:
            claim = call("POST", f"/v1/wishes/{wish_id}/claim")
        except ApiError as error:
            if error.status == 409:  # another donor was first: try the next one
                continue
            raise
        print(f"claimed {wish_id} \"{wish['title']}\" ({wish['category']}, {yuan(wish['valueFen'])}), to deliver by {claim['claimExpiresAt']}")
        call("POST", f"/v1/wishes/{wish_id}/deliver", {"to": "org", "note": "礼品已送到工会服务站，请转交。"})
        print(f"delivered {wish_id} to the union")
        return wish_id
    print("no open wish to adopt")
    return None


def read_thanks():
    gifts = call("GET", "/v1/donors/me/gifts")
    print(f"gifts: {gifts['totals']['count']}, worth {yuan(gifts['totals']['valueFen'])}")
    for gift in gifts["items"]:
        thanks = f": “{gift['thanks']}”" if gift.get("thanks") else ""
        print(f"  {gift['wishId']} {gift['title']} {gift['status']}{thanks}")


def main():
    max_value_fen = int(sys.argv[1]) if len(sys.argv) > 1 else 50000
    me = call("GET", "/v1/accounts/me")
    print(f"donor {me['name']} ({me['id']})")
    adopt_one_wish(max_value_fen)
    read_thanks()


if __name__ == "__main__":
    try:
        main()
    except ApiError as error:
        sys.exit(f"The API refused: {error}")

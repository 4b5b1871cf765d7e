"""Pull a recipient's whole collection with the OASIS client (cti-taxii-client), following every page.

Usage: taxii_pull.py DISCOVERY_URL USER PASSWORD
Prints one JSON object: {"collection": id, "objects": [...every STIX object...]}.
"""
import json
import sys

from taxii2client.v21 import Server, as_pages


def main():
    discovery_url, user, password = sys.argv[1], sys.argv[2], sys.argv[3]
    server = Server(discovery_url, user=user, password=password)
    root = server.default
    root.refresh_collections()
    collection = root.collections[0]
    objects = []
    for envelope in as_pages(collection.get_objects, per_request=1000):
        objects.extend(envelope.get("objects", []))
    print(json.dumps({"collection": collection.id, "objects": objects}))


if __name__ == "__main__":
    main()

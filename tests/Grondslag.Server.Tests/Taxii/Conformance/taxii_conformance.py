"""TAXII 2.1 server requirements for a read-only server, checked with the OASIS client (cti-taxii-client).

Usage: taxii_conformance.py DISCOVERY_URL USER PASSWORD
Prints one JSON object: {"results": [{"id", "requirement", "passed", "detail"}...]}. Every check runs; a failure
is recorded, not raised, so the report lists all of them.
"""
import json
import sys
import traceback

import requests
from taxii2client.common import TokenAuth  # noqa: F401  (imported to prove the client package loads whole)
from taxii2client.v21 import ApiRoot, Collection, Server, as_pages

MEDIA = "application/taxii+json;version=2.1"
STIX = "application/stix+json;version=2.1"

results = []


def check(rid, requirement):
    def wrap(fn):
        try:
            detail = fn()
            results.append({"id": rid, "requirement": requirement, "passed": True, "detail": detail or ""})
        except Exception as ex:  # the report lists every failure
            results.append({"id": rid, "requirement": requirement, "passed": False,
                            "detail": "%s: %s" % (type(ex).__name__, ex), "trace": traceback.format_exc()})
        return fn
    return wrap


def main():
    discovery_url, user, password = sys.argv[1], sys.argv[2], sys.argv[3]
    state = {}

    @check("discovery", "Server Discovery: GET /taxii2/ returns a discovery resource with title and api_roots")
    def _():
        server = Server(discovery_url, user=user, password=password)
        assert server.title, "no title"
        assert server.api_roots, "no api_roots"
        assert server.default is not None, "no default api root"
        state["server"] = server
        return "title=%r, %d api root(s)" % (server.title, len(server.api_roots))

    @check("api-root", "Get API Root Information: title, versions include TAXII 2.1, max_content_length an integer")
    def _():
        root = state["server"].default
        root.refresh_information()
        assert root.title, "no title"
        assert MEDIA in root.versions, root.versions
        assert isinstance(root.max_content_length, int) and root.max_content_length >= 0, root.max_content_length
        state["root"] = root
        return "versions=%s, max_content_length=%d (read-only: no request bodies)" % (root.versions, root.max_content_length)

    @check("collections", "Get Collections: the recipient's collection is listed, readable, not writable, STIX 2.1 media type")
    def _():
        root = state["root"]
        root.refresh_collections()
        assert root.collections, "no collections"
        collection = root.collections[0]
        assert collection.can_read and not collection.can_write, (collection.can_read, collection.can_write)
        assert any(m.startswith("application/stix+json") for m in collection.media_types), collection.media_types
        state["collection"] = collection
        return "%d collection(s)" % len(root.collections)

    @check("collection", "Get a Collection: the collection resource by id")
    def _():
        c = state["collection"]
        again = Collection(c.url, user=user, password=password)
        assert again.id == c.id and again.title == c.title
        return c.id

    @check("get-objects", "Get Objects: an envelope of STIX 2.1 objects with X-TAXII-Date-Added-First/Last headers")
    def _():
        c = state["collection"]
        envelope = c.get_objects()
        objects = envelope.get("objects", [])
        assert objects, "no objects"
        assert all(o.get("spec_version", "2.1") == "2.1" for o in objects)
        response = requests.get(c.url + "objects/", auth=(user, password), headers={"Accept": MEDIA})
        assert response.headers.get("X-TAXII-Date-Added-First") and response.headers.get("X-TAXII-Date-Added-Last"), dict(response.headers)
        state["objects"] = objects
        return "%d object(s)" % len(objects)

    @check("paging", "Pagination with limit/next: pages follow 'next'; every object exactly once, the same set at any page size")
    def _():
        c = state["collection"]

        def pull(size):
            keys, pages = [], 0
            for envelope in as_pages(c.get_objects, per_request=size):
                pages += 1
                keys.extend((o["id"], o.get("modified", "")) for o in envelope.get("objects", []))
            return keys, pages

        small, small_pages = pull(250)
        large, large_pages = pull(1000)
        assert small_pages > 1, "one page only"
        assert len(small) == len(set(small)), "an object came twice"
        assert set(small) == set(large), (len(small), len(large))
        return "%d objects in %d pages of 250 and %d of 1000" % (len(small), small_pages, large_pages)

    @check("match-type", "match[type]: only objects of that type")
    def _():
        objects = state["collection"].get_objects(type="indicator").get("objects", [])
        assert objects and all(o["type"] == "indicator" for o in objects)
        return "%d indicator(s)" % len(objects)

    @check("match-id", "match[id]: only the object with that id")
    def _():
        first = next(o for o in state["objects"] if o["type"] == "indicator")
        objects = state["collection"].get_objects(id=first["id"]).get("objects", [])
        assert objects and all(o["id"] == first["id"] for o in objects)
        state["indicator"] = first
        return first["id"]

    @check("added-after", "added_after: nothing added after a date in the future")
    def _():
        envelope = state["collection"].get_objects(added_after="2999-01-01T00:00:00.000Z")
        assert not envelope.get("objects"), envelope
        return "empty"

    @check("match-version", "match[version]=all|first|last: versions of an object")
    def _():
        c = state["collection"]
        oid = state["indicator"]["id"]
        for version in ("all", "first", "last"):
            objects = c.get_objects(id=oid, version=version).get("objects", [])
            assert objects, version
        return "all, first, last answered"

    @check("get-object", "Get an Object: the object by id")
    def _():
        oid = state["indicator"]["id"]
        objects = state["collection"].get_object(oid).get("objects", [])
        assert objects and objects[0]["id"] == oid
        return oid

    @check("object-versions", "Get Object Versions: the versions list of an object")
    def _():
        versions = state["collection"].object_versions(state["indicator"]["id"]).get("versions", [])
        assert versions
        return "%d version(s)" % len(versions)

    @check("manifest", "Get Object Manifests: id, date_added, version and media_type per object")
    def _():
        manifest = state["collection"].get_manifest().get("objects", [])
        assert manifest
        for record in manifest:
            for key in ("id", "date_added", "version", "media_type"):
                assert key in record, (key, record)
        return "%d record(s)" % len(manifest)

    @check("read-only", "Add Objects is not offered: the client refuses (can_write false) and a raw POST is refused")
    def _():
        c = state["collection"]
        try:
            c.add_objects({"type": "bundle", "id": "bundle--00000000-0000-4000-8000-000000000000", "objects": []})
            raise AssertionError("the client added objects")
        except AssertionError:
            raise
        except Exception:
            pass
        response = requests.post(c.url + "objects/", auth=(user, password), headers={"Accept": MEDIA, "Content-Type": MEDIA}, data="{}")
        assert response.status_code in (401, 403, 404, 405), response.status_code
        return "POST answered %d" % response.status_code

    @check("auth", "Authentication: a wrong password is answered 401")
    def _():
        response = requests.get(discovery_url, auth=(user, password + "-wrong"), headers={"Accept": MEDIA})
        assert response.status_code == 401, response.status_code
        return "401"

    @check("unknown-collection", "Errors: an unknown collection is answered 404 with a TAXII error")
    def _():
        c = state["collection"]
        url = c.url.replace(c.id, "00000000-0000-4000-8000-000000000000")
        response = requests.get(url, auth=(user, password), headers={"Accept": MEDIA})
        assert response.status_code == 404, response.status_code
        assert "title" in response.json(), response.text
        return "404"

    @check("not-acceptable", "Content negotiation: a request that does not accept TAXII 2.1 is answered 406")
    def _():
        response = requests.get(discovery_url, auth=(user, password), headers={"Accept": "application/xml"})
        assert response.status_code == 406, response.status_code
        return "406"

    @check("content-type", "Every TAXII response is application/taxii+json;version=2.1")
    def _():
        response = requests.get(state["collection"].url + "objects/", auth=(user, password), headers={"Accept": MEDIA})
        assert response.headers.get("Content-Type", "").replace(" ", "").startswith(MEDIA), response.headers.get("Content-Type")
        return response.headers.get("Content-Type")

    print(json.dumps({"results": results}))


if __name__ == "__main__":
    main()

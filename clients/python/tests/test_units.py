"""The client's own logic, without a server: shard reading, the feed's saved position, checksums."""

import hashlib
import io
import json
import os
import tarfile
import tempfile
import unittest

from imagelake import ChecksumError, FeedIterator, download_version, read_shard


def tar_of(files):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, content in files:
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


class FakeFeed:
    """The feed API at its boundary: pages of ``limit`` items after an opaque cursor."""

    def __init__(self, ids):
        self.ids = list(ids)
        self.requests = 0

    def get_json(self, path, zone, since, limit):
        assert path == "/api/v1/feed" and zone == "gold"
        self.requests += 1
        start = 0 if since is None else int(since)
        # a position counts entries, erased ones too, as the catalog's sequence numbers do
        page = [i for i in self.ids[start : start + limit] if i is not None]
        return {"items": [{"imageId": i} for i in page], "nextCursor": str(min(start + limit, len(self.ids)))}


class ReadShardTest(unittest.TestCase):
    def test_files_sharing_a_key_make_one_sample_in_webdataset_form(self):
        shard = tar_of([
            ("a1.jpg", b"JPEG-A"), ("a1.txt", "cà phê".encode()), ("a1.json", b'{"id":"a1"}'),
            ("b2.jpg", b"JPEG-B"), ("b2.txt", b""), ("b2.json", b'{"id":"b2"}'),
        ])

        samples = list(read_shard(io.BytesIO(shard), url="/s/train-000000.tar"))

        self.assertEqual([s["__key__"] for s in samples], ["a1", "b2"])
        self.assertEqual(samples[0]["jpg"], b"JPEG-A")
        self.assertEqual(samples[0]["txt"].decode(), "cà phê")
        self.assertEqual(samples[1]["__url__"], "/s/train-000000.tar")
        self.assertEqual(set(samples[1]), {"__key__", "__url__", "jpg", "txt", "json"})


class FeedIteratorTest(unittest.TestCase):
    def test_a_restart_resumes_mid_page_where_the_last_run_stopped(self):
        feed = FakeFeed([f"img{i}" for i in range(10)])
        with tempfile.TemporaryDirectory() as tmp:
            state = os.path.join(tmp, "feed.json")
            first = FeedIterator(feed, state_path=state, limit=3)
            seen = [next(first)["imageId"] for _ in range(5)]
            first.commit()

            rest = [item["imageId"] for item in FeedIterator(feed, state_path=state, limit=3)]

            self.assertEqual(seen + rest, [f"img{i}" for i in range(10)])
            with open(state) as f:
                self.assertEqual(json.load(f)["cursor"], "10")

    def test_the_image_in_hand_at_a_crash_comes_again_and_none_is_skipped(self):
        feed = FakeFeed([f"img{i}" for i in range(4)])
        with tempfile.TemporaryDirectory() as tmp:
            state = os.path.join(tmp, "feed.json")
            crashed = FeedIterator(feed, state_path=state, limit=3)
            next(crashed)
            in_hand = next(crashed)["imageId"]  # never committed: the process dies here

            rest = [item["imageId"] for item in FeedIterator(feed, state_path=state, limit=3)]

            self.assertEqual(rest, [in_hand, "img2", "img3"])

    def test_an_image_erased_since_does_not_shift_the_resume(self):
        ids = [f"img{i}" for i in range(6)]
        feed = FakeFeed(ids)
        with tempfile.TemporaryDirectory() as tmp:
            state = os.path.join(tmp, "feed.json")
            first = FeedIterator(feed, state_path=state, limit=6)
            next(first), next(first)
            first.commit()
            feed.ids[0] = None  # img0, already consumed, is erased

            rest = [item["imageId"] for item in FeedIterator(feed, state_path=state, limit=6)]

            self.assertEqual(rest, ["img2", "img3", "img4", "img5"])

    def test_a_position_of_another_zone_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            state = os.path.join(tmp, "feed.json")
            with open(state, "w") as f:
                json.dump({"zone": "silver", "cursor": "3", "taken": []}, f)
            with self.assertRaises(ValueError):
                FeedIterator(FakeFeed([]), state_path=state)


class FakeVersion:
    """A published version at the API's boundary, with one shard whose bytes may be tampered with."""

    def __init__(self, shard_bytes, stated_sha256):
        self.files = {"/shards/train-000000.tar": shard_bytes, "/manifest": b"{}\n"}
        self.stated = stated_sha256

    def get_json(self, path):
        return {
            "shards": [{"name": "train-000000.tar", "split": "train", "url": "/shards/train-000000.tar",
                        "sha256": self.stated}],
            "manifest": {"url": "/manifest", "sha256": hashlib.sha256(b"{}\n").hexdigest()},
        }

    def open(self, url):
        return io.BytesIO(self.files[url])


class DownloadTest(unittest.TestCase):
    def test_a_file_whose_digest_differs_is_refused_and_nothing_is_left_under_its_name(self):
        good = b"the shard"
        with tempfile.TemporaryDirectory() as tmp:
            with self.assertRaises(ChecksumError):
                download_version(FakeVersion(b"the shard, altered", hashlib.sha256(good).hexdigest()), "d", 1, tmp)
            self.assertEqual(os.listdir(tmp), [])

            download_version(FakeVersion(good, hashlib.sha256(good).hexdigest()), "d", 1, tmp)
            self.assertEqual(sorted(os.listdir(tmp)), ["manifest.jsonl", "train-000000.tar"])


if __name__ == "__main__":
    unittest.main()

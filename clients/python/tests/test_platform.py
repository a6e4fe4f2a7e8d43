"""The client against the real platform, through the gateway: the feed, downloads, errors."""

import hashlib
import json
import os
import tempfile
import unittest

from imagelake import ApiError, Client, FeedIterator, download_version, read_shard
from tests.platform import configured


class PlatformTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client, cls.dataset, cls.version = configured()

    def test_the_gold_feed_resumes_exactly_where_a_stopped_reader_left_it(self):
        everything = [item["imageId"] for item in FeedIterator(self.client, zone="gold", limit=4)]
        self.assertGreaterEqual(len(everything), 6)
        self.assertEqual(len(everything), len(set(everything)), "each image once")
        with tempfile.TemporaryDirectory() as tmp:
            state = os.path.join(tmp, "feed.json")
            stopped = FeedIterator(self.client, zone="gold", state_path=state, limit=4)
            first = [next(stopped)["imageId"] for _ in range(6)]  # into the second page
            stopped.commit()

            rest = [item["imageId"] for item in FeedIterator(self.client, zone="gold", state_path=state, limit=4)]

        self.assertEqual(first + rest, everything)

    def test_a_downloaded_version_matches_its_manifest_and_card_byte_for_byte(self):
        with tempfile.TemporaryDirectory() as tmp:
            described = download_version(self.client, self.dataset, self.version, tmp)

            with open(os.path.join(tmp, "manifest.jsonl"), encoding="utf-8") as f:
                manifest = [json.loads(line) for line in f]
            with open(os.path.join(tmp, "croissant.json"), encoding="utf-8") as f:
                card = json.load(f)
            self.assertEqual(len(manifest), described["images"])
            stated = {file["@id"]: file.get("sha256") for file in card["distribution"]}
            for shard in described["shards"]:
                path = os.path.join(tmp, shard["name"])
                with open(path, "rb") as f:
                    self.assertEqual(hashlib.sha256(f.read()).hexdigest(), stated[shard["name"]])
                with open(path, "rb") as f:
                    keys = [sample["__key__"] for sample in read_shard(f)]
                in_split = [line["id"] for line in manifest if line["keys"]["shard"].endswith("/" + shard["name"])]
                self.assertEqual(keys, in_split, shard["name"])
                self.assertTrue(all(line["split"] == shard["split"] for line in manifest if line["id"] in keys))

    def test_a_stable_shard_url_serves_the_same_bytes_every_time(self):
        described = self.client.get_json(f"/api/v1/datasets/{self.dataset}/versions/{self.version}")
        url = described["shards"][0]["url"]
        with self.client.open(url) as once, self.client.open(url) as again:
            self.assertEqual(once.read(), again.read())

    def test_a_wrong_key_is_an_api_error_with_its_problem_type(self):
        stranger = Client(self.client.base_url, "ilk_not-a-key")
        with self.assertRaises(ApiError) as refused:
            stranger.get_json("/api/v1/feed", zone="gold")
        self.assertEqual(refused.exception.status, 401)
        self.assertTrue(refused.exception.type.endswith("/unauthenticated"), refused.exception.type)


if __name__ == "__main__":
    unittest.main()

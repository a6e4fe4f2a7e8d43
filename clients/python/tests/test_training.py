"""PyTorch over a real dataset version: every sample once across workers, and a toy training loop."""

import unittest

from tests.platform import configured

try:
    import torch
except ImportError:  # the suite's runner counts skips: without torch this test fails there
    torch = None


@unittest.skipIf(torch is None, "torch is not installed (Debian: python3-torch)")
class TrainingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client, cls.dataset, cls.version = configured()

    def train_ids(self):
        described = self.client.get_json(f"/api/v1/datasets/{self.dataset}/versions/{self.version}")
        return described["splitCounts"]["train"]

    def test_two_workers_read_every_sample_of_the_split_exactly_once(self):
        from imagelake.training import ShardDataset

        dataset = ShardDataset(self.client, self.dataset, self.version, split="train")
        loader = torch.utils.data.DataLoader(dataset, batch_size=None, num_workers=2)

        keys = [sample["__key__"] for sample in loader]

        self.assertEqual(len(keys), self.train_ids())
        self.assertEqual(len(keys), len(set(keys)))

    def test_a_toy_model_trains_over_the_train_split(self):
        from imagelake.training import ShardDataset

        def features(sample):  # what a real model would learn from the pixels, here from the JPEG's size
            x = torch.tensor([len(sample["jpg"]) / 1e6, sample["json"]["width"] / 1e3], dtype=torch.float32)
            return x, x.sum(dim=0, keepdim=True) * 2.0

        loader = torch.utils.data.DataLoader(
            ShardDataset(self.client, self.dataset, self.version, split="train", transform=features), batch_size=4)
        torch.manual_seed(0)
        model = torch.nn.Linear(2, 1)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
        losses = []
        for epoch in range(5):
            total = 0.0
            for x, y in loader:
                optimizer.zero_grad()
                loss = torch.nn.functional.mse_loss(model(x), y)
                loss.backward()
                optimizer.step()
                total += loss.item()
            losses.append(total)

        self.assertTrue(all(loss == loss for loss in losses), losses)  # no NaN
        self.assertLess(losses[-1], losses[0], losses)


if __name__ == "__main__":
    unittest.main()

"""The replicator's decisions, without sockets or clocks: python3 -m unittest test_replication_plan."""
import unittest

from replication_plan import Copy, Delete, ReplicationPlan


def plan(endpoints=2, delay=5.0, grace=60.0):
    return ReplicationPlan(endpoints, delay, grace)


def perform(replication, actions):
    """Applies actions as the replicator would, with the source's etag as the copy's etag."""
    for action in actions:
        if isinstance(action, Copy):
            replication.copied(action, replication.holds[action.source][action.key][1])
        else:
            replication.deleted(action)


class ReplicationPlanTests(unittest.TestCase):
    def test_a_new_object_is_copied_only_after_the_delay(self):
        replication = plan()
        replication.observe(0, {"k": ('"e1"', 100.0)}, now=10.0, wall=100.0)
        replication.observe(1, {}, now=10.0, wall=100.0)
        self.assertEqual(replication.actions(14.9, {0, 1}), [])
        self.assertEqual(replication.actions(15.0, {0, 1}), [Copy("k", 0, 1, 1)])
        self.assertFalse(replication.in_sync())
        perform(replication, replication.actions(15.0, {0, 1}))
        self.assertTrue(replication.in_sync())

    def test_the_replicators_own_copy_is_not_a_new_write(self):
        replication = plan()
        replication.observe(0, {"k": ('"e1"', 100.0)}, now=0.0, wall=100.0)
        perform(replication, replication.actions(5.0, {0, 1}))
        replication.observe(1, {"k": ('"e1"', 105.0)}, now=6.0, wall=106.0)
        replication.observe(0, {"k": ('"e1"', 100.0)}, now=6.0, wall=106.0)
        self.assertEqual(replication.actions(100.0, {0, 1}), [])
        self.assertTrue(replication.in_sync())

    def test_writes_flow_both_ways(self):
        replication = plan()
        replication.observe(0, {"a": ('"ea"', 100.0)}, now=0.0, wall=100.0)
        replication.observe(1, {"b": ('"eb"', 100.0)}, now=0.0, wall=100.0)
        self.assertEqual(replication.actions(5.0, {0, 1}), [Copy("a", 0, 1, 1), Copy("b", 1, 0, 2)])

    def test_the_last_writer_wins_and_is_copied_over_the_older_version(self):
        replication = plan()
        replication.observe(0, {"k": ('"old"', 100.0)}, now=0.0, wall=100.0)
        replication.observe(1, {"k": ('"new"', 101.0)}, now=0.0, wall=101.0)
        self.assertEqual(replication.actions(5.0, {0, 1}), [Copy("k", 1, 0, 2)])

    def test_a_partitioned_endpoint_is_neither_source_nor_target_until_healed(self):
        replication = plan(endpoints=3)
        replication.observe(0, {"k": ('"e"', 100.0)}, now=0.0, wall=100.0)
        self.assertEqual(replication.actions(5.0, {0, 1}), [Copy("k", 0, 1, 1)])
        perform(replication, replication.actions(5.0, {0, 1}))
        self.assertFalse(replication.in_sync())
        # Written only on the partitioned endpoint: nothing to do until it is reachable.
        replication.observe(2, {"p": ('"ep"', 100.0)}, now=0.0, wall=100.0)
        self.assertEqual(replication.actions(50.0, {0, 1}), [])
        self.assertEqual(replication.actions(50.0, {0, 1, 2}),
                         [Copy("k", 0, 2, 1), Copy("p", 2, 0, 2), Copy("p", 2, 1, 2)])

    def test_a_delete_is_applied_elsewhere_only_after_the_grace_period(self):
        replication = plan(delay=5.0, grace=60.0)
        replication.observe(0, {"k": ('"e"', 100.0)}, now=0.0, wall=100.0)
        perform(replication, replication.actions(5.0, {0, 1}))
        replication.observe(0, {}, now=10.0, wall=110.0)
        self.assertTrue(replication.in_sync(), "a waiting delete is not a write to copy")
        self.assertEqual(replication.copies_pending(), 0)
        self.assertEqual(replication.actions(69.9, {0, 1}), [])
        self.assertEqual(replication.actions(70.0, {0, 1}), [Delete("k", 1, 2)])
        perform(replication, replication.actions(70.0, {0, 1}))
        self.assertEqual(replication.pending, set())

    def test_a_write_newer_than_a_delete_survives_it_and_comes_back(self):
        replication = plan(delay=5.0, grace=60.0)
        replication.observe(0, {"k": ('"e"', 100.0)}, now=0.0, wall=100.0)
        perform(replication, replication.actions(5.0, {0, 1}))
        replication.observe(0, {}, now=10.0, wall=110.0)
        replication.observe(1, {"k": ('"rewritten"', 111.0)}, now=11.0, wall=111.0)
        self.assertEqual(replication.actions(100.0, {0, 1}), [Copy("k", 1, 0, 3)])

    def test_a_delete_never_removes_a_version_it_did_not_see(self):
        replication = plan(delay=5.0, grace=60.0)
        replication.observe(0, {"k": ('"v1"', 100.0)}, now=0.0, wall=100.0)
        perform(replication, replication.actions(5.0, {0, 1}))
        # Endpoint 1 rewrites k; endpoint 0 deletes the old version before the rewrite reached it.
        replication.observe(1, {"k": ('"v2"', 106.0)}, now=6.0, wall=106.0)
        replication.observe(0, {}, now=7.0, wall=107.0)
        self.assertEqual(replication.actions(100.0, {0, 1}), [Copy("k", 1, 0, 2)])

    def test_a_delete_of_a_key_that_was_never_replicated_settles(self):
        replication = plan()
        replication.observe(0, {"k": ('"e"', 100.0)}, now=0.0, wall=100.0)
        replication.observe(0, {}, now=1.0, wall=101.0)
        self.assertEqual(replication.actions(100.0, {0, 1}), [])
        replication.settle_all()
        self.assertTrue(replication.in_sync())


if __name__ == "__main__":
    unittest.main()

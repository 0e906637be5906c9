package org.facegate.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

/** The three nodes started as {@code broker --node-id N --cluster-size 3 --port 9092+N-1} agree on one cluster. */
class ClusterNodeTest {

    @Test
    void nodesStartedOnConsecutivePortsDeriveTheSameVotersAndClusterId() {
        ClusterNode one = ClusterNode.withPort(1, 3, 9092);
        ClusterNode two = ClusterNode.withPort(2, 3, 9093);
        ClusterNode three = ClusterNode.withPort(3, 3, 9094);
        assertEquals("1@localhost:9192,2@localhost:9193,3@localhost:9194", one.voters());
        assertEquals(one.voters(), three.voters());
        assertEquals(one.clusterId(), two.clusterId());
        assertEquals(one.clusterId(), three.clusterId());
        assertEquals(one.clusterId(), Uuid.fromString(one.clusterId()).toString(), "a valid cluster id");
        assertEquals("localhost:9092,localhost:9093,localhost:9094", two.bootstrapServers());
        assertEquals(9093, two.port());
        assertEquals(9193, two.controllerPort());
    }

    @Test
    void anotherFirstPortIsAnotherCluster() {
        assertNotEquals(ClusterNode.withPort(1, 3, 9092).clusterId(), ClusterNode.withPort(1, 3, 19092).clusterId());
    }

    @Test
    void fewerThanThreeNodesOrANodeOutsideTheClusterIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ClusterNode.withPort(1, 2, 9092));
        assertThrows(IllegalArgumentException.class, () -> ClusterNode.withPort(4, 3, 9095));
        assertThrows(IllegalArgumentException.class, () -> ClusterNode.withPort(0, 3, 9092));
    }

    @Test
    void brokerDefaultsAreThreeCopiesAndTwoInSyncForTopicsTransactionsAndOffsets() {
        Map<String, String> d = ClusterNode.brokerDefaults();
        assertEquals("3", d.get("default.replication.factor"));
        assertEquals("2", d.get("min.insync.replicas"));
        assertEquals("3", d.get("transaction.state.log.replication.factor"));
        assertEquals("2", d.get("transaction.state.log.min.isr"));
        assertEquals("3", d.get("offsets.topic.replication.factor"));
    }
}

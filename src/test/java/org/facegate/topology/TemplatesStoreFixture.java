package org.facegate.topology;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.facegate.metrics.FaceGateMetrics;

/**
 * An in-memory templates store in a mock processor context, with metrics, for tests that drive
 * {@link EnrolmentProcessor} directly (no TopologyTestDriver). One per test; {@link #close} closes the processor
 * under test, when there is one, and the metrics.
 */
final class TemplatesStoreFixture {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final FaceGateMetrics metrics = new FaceGateMetrics(registry);
    final MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();
    final KeyValueStore<String, byte[]> store;

    TemplatesStoreFixture() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(FaceGateTopology.TEMPLATES_STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    void close(EnrolmentProcessor processor) {
        if (processor != null) {
            processor.close();
        }
        metrics.close();
    }
}

package io.radflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {
    @Test
    void clusterIdsAreKafkaShapedAndNeverLookLikeAnOption() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            String id = KafkaBroker.newClusterId();
            assertThat(id).hasSize(22).doesNotStartWith("-").matches("[A-Za-z0-9_-]+");
            seen.add(id);
        }
        assertThat(seen).hasSize(5000);
    }
}

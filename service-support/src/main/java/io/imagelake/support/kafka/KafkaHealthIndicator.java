package io.imagelake.support.kafka;

import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.core.KafkaAdmin;

/** Up when the cluster answers a describe-cluster within the health timeout. */
public class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    private final AdminClient admin;
    private final LakeKafkaProperties properties;

    public KafkaHealthIndicator(KafkaAdmin kafkaAdmin, LakeKafkaProperties properties) {
        super("kafka health check failed");
        this.admin = AdminClient.create(kafkaAdmin.getConfigurationProperties());
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        long timeout = properties.healthTimeout().toMillis();
        var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout));
        String clusterId = cluster.clusterId().get(timeout, TimeUnit.MILLISECONDS);
        int nodes = cluster.nodes().get(timeout, TimeUnit.MILLISECONDS).size();
        builder.up().withDetail("clusterId", clusterId).withDetail("nodes", nodes);
    }

    @Override
    public void destroy() {
        admin.close();
    }
}

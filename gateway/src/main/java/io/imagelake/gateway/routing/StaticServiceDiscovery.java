package io.imagelake.gateway.routing;

import java.net.URI;
import java.util.List;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * Service instances from configuration: what Spring Cloud LoadBalancer balances over (round robin)
 * for {@code lb://} routes. A registry (Consul, Kubernetes) would replace this bean, not the routes.
 */
@Component
public class StaticServiceDiscovery implements ReactiveDiscoveryClient {

    private final GatewayProperties properties;

    public StaticServiceDiscovery(GatewayProperties properties) {
        this.properties = properties;
    }

    @Override
    public String description() {
        return "ImageLake static service instances (lake.gateway.*)";
    }

    @Override
    public Flux<ServiceInstance> getInstances(String serviceId) {
        List<URI> uris = properties.services().getOrDefault(serviceId, List.of());
        return Flux.range(0, uris.size()).map(i -> {
            URI uri = uris.get(i);
            return new DefaultServiceInstance(
                    serviceId + "-" + i, serviceId, uri.getHost(), uri.getPort(), "https".equals(uri.getScheme()));
        });
    }

    @Override
    public Flux<String> getServices() {
        return Flux.fromIterable(properties.services().keySet());
    }
}

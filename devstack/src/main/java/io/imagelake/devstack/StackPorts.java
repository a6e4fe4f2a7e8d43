package io.imagelake.devstack;

import io.imagelake.devstack.process.FreePorts;

/** Every port of a stack. The gateway has the contract's 8080; nothing else clashes with it. */
public record StackPorts(
        int gateway,
        int ingest1,
        int ingest2,
        int catalog,
        int query,
        int normalizer,
        int kafka,
        int kafkaController,
        int kafkaMetrics,
        int s3,
        int mongo,
        int trino,
        int prometheus,
        int postgres) {

    /** The local stack's ports (also the defaults the services fall back to). */
    public static StackPorts defaults() {
        return new StackPorts(8080, 8081, 8082, 8083, 8084, 8085, 19092, 19093, 19094, 9000, 27017, 8090, 9090, 15432);
    }

    /** Free ports, for stacks started by tests beside a running local stack. */
    public static StackPorts free() {
        return new StackPorts(
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next(),
                FreePorts.next());
    }
}

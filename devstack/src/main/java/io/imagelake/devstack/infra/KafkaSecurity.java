package io.imagelake.devstack.infra;

import io.imagelake.contracts.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may talk to the local broker, and what they may do. Clients authenticate with SASL
 * SCRAM-SHA-512: each service as itself ({@link #SERVICES}), the partner web app as
 * {@link #PARTNER}. The broker's own links (inter-broker, controller) and the operator
 * {@link #ADMIN} use SASL PLAIN with a password in the broker's configuration: SCRAM users live in
 * the cluster's metadata, so a broker could not authenticate itself with one before its metadata
 * is up. The StandardAuthorizer denies what no ACL allows: the partner may only write (and
 * describe) {@link Topics#INCOMING}; only the services write the internal topics. Passwords are
 * made once, random, in files only their owner can read ({@code .lake/security/kafka}).
 */
public final class KafkaSecurity {

    public static final String ADMIN = "admin";
    public static final String PARTNER = "partner";
    /** The services with Kafka clients; each principal is named for its module. */
    public static final List<String> SERVICES = List.of("ingest-api", "image-normalizer", "catalog-service");

    public static final String CLIENT_MECHANISM = "SCRAM-SHA-512";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;

    public KafkaSecurity(Path dir) {
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    /** The principal's password: made on first use, then read. */
    public String password(String principal) {
        Path file = dir.resolve(principal + ".password");
        if (!Files.exists(file)) {
            writePrivately(file, HexFormat.of().formatHex(bytes(24)));
        }
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Writes a file only its owner can read, whole or not at all (replacing one there). */
    private void writePrivately(Path file, String text) {
        try {
            Files.createDirectories(dir);
            Path written = Files.createTempFile(
                    dir,
                    "." + file.getFileName(),
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(written, text);
            Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Client settings of a principal: SCRAM for services and the partner, PLAIN for the operator. */
    public Map<String, Object> clientProperties(String principal) {
        boolean admin = ADMIN.equals(principal);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("security.protocol", "SASL_PLAINTEXT");
        props.put("sasl.mechanism", admin ? "PLAIN" : CLIENT_MECHANISM);
        props.put(
                "sasl.jaas.config",
                jaas(
                        admin
                                ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                                : "org.apache.kafka.common.security.scram.ScramLoginModule",
                        principal,
                        password(principal),
                        ""));
        return props;
    }

    /** The broker's listeners and authorizer (appended to its server.properties). */
    @SuppressWarnings("checkstyle:FullyQualifiedName") // class names in the broker's configuration text
    String brokerProperties(int port, int controllerPort) {
        String admin = password(ADMIN);
        String plain = jaas(
                "org.apache.kafka.common.security.plain.PlainLoginModule",
                ADMIN,
                admin,
                " user_" + ADMIN + "=\"" + admin + "\"");
        return """
                listeners=SASL_PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=SASL_PLAINTEXT://127.0.0.1:%1$d
                listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
                inter.broker.listener.name=SASL_PLAINTEXT
                sasl.mechanism.inter.broker.protocol=PLAIN
                sasl.mechanism.controller.protocol=PLAIN
                listener.name.sasl_plaintext.sasl.enabled.mechanisms=PLAIN,%3$s
                listener.name.sasl_plaintext.plain.sasl.jaas.config=%4$s
                listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=\
                org.apache.kafka.common.security.scram.ScramLoginModule required;
                listener.name.controller.sasl.enabled.mechanisms=PLAIN
                listener.name.controller.plain.sasl.jaas.config=%4$s
                authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
                super.users=User:%5$s
                allow.everyone.if.no.acl.found=false
                """.formatted(port, controllerPort, CLIENT_MECHANISM, plain, ADMIN);
    }

    /** Creates (or updates) every client principal's SCRAM credential and ACLs; idempotent, run on every start. */
    public void ensurePrincipals(String bootstrap) {
        Map<String, Object> config = new LinkedHashMap<>(clientProperties(ADMIN));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        List<UserScramCredentialUpsertion> users = new ArrayList<>();
        List<String> principals = new ArrayList<>(SERVICES);
        principals.add(PARTNER);
        for (String principal : principals) {
            users.add(new UserScramCredentialUpsertion(
                    principal, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password(principal)));
        }
        try (Admin admin = Admin.create(config)) {
            admin.alterUserScramCredentials(List.copyOf(users)).all().get(30, TimeUnit.SECONDS);
            admin.createAcls(acls()).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot create Kafka principals and ACLs at " + bootstrap + " (a broker started "
                            + "before SASL was required? ./lake down, then ./lake up): " + e,
                    e);
        }
        writeClientConfig(PARTNER, bootstrap);
    }

    /**
     * The partner's client settings as a file, for Kafka's console producer ({@code --producer.config}) or kcat ({@code
     * -F}).
     */
    public Path clientConfigFile(String principal) {
        return dir.resolve(principal + ".properties");
    }

    private void writeClientConfig(String principal, String bootstrap) {
        StringBuilder text = new StringBuilder("# ImageLake's local broker as " + principal + " (made by ./lake up)\n")
                .append("bootstrap.servers=")
                .append(bootstrap)
                .append('\n');
        clientProperties(principal)
                .forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        writePrivately(clientConfigFile(principal), text.toString());
    }

    /** What each principal may do. */
    static List<AclBinding> acls() {
        List<AclBinding> acls = new ArrayList<>();
        for (String service : SERVICES) {
            acls.add(allow(
                    service, new ResourcePattern(ResourceType.TOPIC, "lake.", PatternType.PREFIXED), AclOperation.ALL));
            acls.add(allow(
                    service, new ResourcePattern(ResourceType.GROUP, service, PatternType.PREFIXED), AclOperation.ALL));
            acls.add(allow(
                    service,
                    new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
                    AclOperation.DESCRIBE));
            acls.add(allow(
                    service,
                    new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
                    AclOperation.IDEMPOTENT_WRITE));
        }
        ResourcePattern incoming = new ResourcePattern(ResourceType.TOPIC, Topics.INCOMING, PatternType.LITERAL);
        acls.add(allow(PARTNER, incoming, AclOperation.WRITE));
        acls.add(allow(PARTNER, incoming, AclOperation.DESCRIBE));
        acls.add(allow(
                PARTNER,
                new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
                AclOperation.IDEMPOTENT_WRITE));
        return acls;
    }

    private static AclBinding allow(String principal, ResourcePattern pattern, AclOperation operation) {
        return new AclBinding(
                pattern, new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW));
    }

    private static String jaas(String module, String user, String password, String more) {
        return module + " required username=\"" + user + "\" password=\"" + password + "\"" + more + ";";
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}

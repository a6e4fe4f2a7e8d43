package io.imagelake.devstack.demo;

import io.imagelake.devstack.images.SyntheticImages;
import io.imagelake.devstack.process.Await;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code ./lake demo}: a handful of uploads through the gateway, followed to silver, then the stats. */
public final class Demo {

    private static final Duration SILVER_TIMEOUT = Duration.ofSeconds(120);

    private final LakeClient client;
    private final PrintStream out;

    /** Each demo tenant gets a key of its own from {@code admin}, as a real client would be given one. */
    public Demo(String gatewayUrl, LakeAdmin admin, PrintStream out) {
        this.client = new LakeClient(gatewayUrl, admin.tenantKeys());
        this.out = out;
    }

    public void run() {
        String[] customers = {"demo-acme", "demo-globex"};
        String[] captions = {
            "Phở bò ở Hà Nội",
            "A red bicycle by the lake",
            "Cà phê sữa đá buổi sáng",
            "Sunset over the harbour",
            "Bánh mì thịt nướng"
        };
        List<String[]> uploaded = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String customer = customers[i % customers.length];
            boolean png = i % 3 == 2;
            byte[] image = png ? SyntheticImages.png(1000 + i, 1600, 1200) : SyntheticImages.jpeg(1000 + i, 2400, 1600);
            String metadata = "{\"caption\":\"" + captions[i % captions.length] + "\",\"tags\":[\"demo\"]}";
            LakeClient.Answer answer = client.upload(
                    customer,
                    image,
                    "demo-" + i + (png ? ".png" : ".jpg"),
                    png ? "image/png" : "image/jpeg",
                    metadata,
                    "demo-" + System.currentTimeMillis() + "-" + i);
            if (answer.status() != 201) {
                throw new IllegalStateException("upload answered " + answer.status() + ": " + answer.body());
            }
            String imageId = answer.json().get("imageId").asString();
            out.printf("uploaded %-10s %s  %,d bytes -> %d%n", customer, imageId, image.length, answer.status());
            uploaded.add(new String[] {customer, imageId});
        }

        out.println();
        for (String[] image : uploaded) {
            JsonNode entry = awaitSilver(image[0], image[1]);
            out.println(LakeClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(withoutUrls(entry)));
        }

        out.println();
        LakeClient.Answer stats = client.get("demo-acme", "/api/v1/stats/images?groupBy=customer,format,status,day");
        out.println("stats (as demo-acme, groupBy=customer,format,status,day): HTTP " + stats.status());
        printTable(stats.json().get("rows"));
    }

    private JsonNode awaitSilver(String customer, String imageId) {
        long deadline = System.nanoTime() + SILVER_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            LakeClient.Answer answer = client.get(customer, "/api/v1/images/" + imageId);
            if (answer.status() == 200) {
                JsonNode body = answer.json();
                JsonNode zones = body.get("zones");
                if ((zones != null && zones.has("silver"))
                        || "REJECTED".equals(body.get("status").asString())) {
                    return body;
                }
            }
            Await.sleep(500);
        }
        throw new IllegalStateException(
                "image " + imageId + " did not reach silver within " + SILVER_TIMEOUT.toSeconds() + " s");
    }

    /** Presigned URLs are long; the demo shows that they exist, not their signatures. */
    private static JsonNode withoutUrls(JsonNode entry) {
        var copy = entry.deepCopy();
        if (copy.get("zones") instanceof ObjectNode zones) {
            zones.properties().forEach(zone -> {
                if (zone.getValue() instanceof ObjectNode z && z.has("url")) {
                    z.put("url", z.get("url").asString().replaceAll("\\?.*", "?<presigned>"));
                }
            });
        }
        return copy;
    }

    private void printTable(JsonNode rows) {
        if (rows == null || rows.isEmpty()) {
            out.println("(no rows)");
            return;
        }
        List<String> columns = new ArrayList<>(rows.get(0).propertyNames());
        StringBuilder header = new StringBuilder();
        columns.forEach(c -> header.append(String.format("%-22s", c)));
        out.println(header);
        out.println("-".repeat(header.length()));
        for (JsonNode row : rows) {
            StringBuilder line = new StringBuilder();
            columns.forEach(c -> line.append(String.format("%-22s", row.get(c).asString())));
            out.println(line);
        }
    }
}

package io.imagelake.gateway.store;

import com.mongodb.ConnectionString;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The state every gateway instance shares lives in the lake's MongoDB ({@code lake.mongo.uri}):
 * API keys ({@code identity}) and rate-limit buckets ({@code ratelimit}). One client for both.
 */
@Configuration(proxyBeanMethods = false)
public class GatewayDatabase {

    @Bean(destroyMethod = "close")
    MongoClient gatewayMongoClient(@Value("${lake.mongo.uri}") String uri) {
        return MongoClients.create(new ConnectionString(uri));
    }

    @Bean
    MongoDatabase gatewayMongoDatabase(MongoClient client, @Value("${lake.mongo.uri}") String uri) {
        String database = new ConnectionString(uri).getDatabase();
        return client.getDatabase(database == null ? "lake" : database);
    }
}

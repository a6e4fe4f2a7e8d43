package io.imagelake.normalizer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class NormalizerApplication {

    public static void main(String[] args) {
        // no display on servers; Java2D must not look for one
        System.setProperty("java.awt.headless", "true");
        SpringApplication.run(NormalizerApplication.class, args);
    }
}

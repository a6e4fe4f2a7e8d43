package io.imagelake.support.web;

import io.imagelake.support.tenant.Tenant;
import io.swagger.v3.oas.models.info.Info;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * A servlet service's part of the public API description (springdoc). The gateway merges the
 * parts into the one document clients read, and adds the security schemes and the errors every
 * operation shares; so a part names no server and no security of its own.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SpringDocUtils.class)
public class OpenApiSupportAutoConfiguration {

    static {
        // the tenant comes from the verified token, never from a parameter a client could set
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Tenant.class);
    }

    @Bean
    OpenApiCustomizer lakeServiceDescription(@Value("${spring.application.name}") String service) {
        return openApi -> {
            openApi.setServers(null);
            openApi.info(new Info().title("ImageLake " + service).version("v1"));
        };
    }
}

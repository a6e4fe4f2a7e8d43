package io.imagelake.testing;

import io.imagelake.devstack.Endpoints;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts the parts named by {@link WithLakeInfra} before a test class (once per JVM, shared) and
 * injects {@link Endpoints} into test methods and constructors.
 */
public class LakeInfraExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        AnnotationSupport.findAnnotation(context.getRequiredTestClass(), WithLakeInfra.class)
                .ifPresent(annotation -> LakeInfra.start(annotation.value()));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == Endpoints.class;
    }

    @Override
    public Endpoints resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return LakeInfra.start();
    }
}

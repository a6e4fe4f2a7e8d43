package io.imagelake.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/** The real infrastructure a test class needs, started once per test JVM (see {@link LakeInfra}). */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(LakeInfraExtension.class)
public @interface WithLakeInfra {
    InfraPart[] value();
}

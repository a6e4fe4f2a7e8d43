package io.imagelake.support.web;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code lake.problems.*}: how clients are told to back off. */
@Validated
@ConfigurationProperties("lake.problems")
public record ProblemProperties(@DefaultValue("5s") @NotNull Duration retryAfter) {}

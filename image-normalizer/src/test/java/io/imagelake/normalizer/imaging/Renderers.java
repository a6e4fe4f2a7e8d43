package io.imagelake.normalizer.imaging;

import io.imagelake.normalizer.NormalizerProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A renderer as the service wires it, without a Spring context. */
final class Renderers {

    private Renderers() {}

    static SilverRenderer of(NormalizerProperties properties) {
        return of(properties, new RenderMemory(DecodeMemoryProperties.defaults(), new SimpleMeterRegistry()));
    }

    static SilverRenderer of(NormalizerProperties properties, RenderMemory memory) {
        return new SilverRenderer(
                new ImageDecoder(properties, DecodeMemoryProperties.defaults()),
                memory,
                properties,
                new SimpleMeterRegistry());
    }
}

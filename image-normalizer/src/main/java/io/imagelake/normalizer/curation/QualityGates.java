package io.imagelake.normalizer.curation;

import io.imagelake.contracts.ImageNormalized;
import io.imagelake.contracts.Reason;
import io.imagelake.contracts.RejectionCode;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** Decides whether a normalized image is good enough for gold; every failed gate is a reason. */
@Component
public class QualityGates {

    private final GateProperties gates;

    public QualityGates(GateProperties gates) {
        this.gates = gates;
    }

    public List<Reason> failed(ImageNormalized image) {
        List<Reason> reasons = new ArrayList<>();
        int shortEdge = image.original() != null
                ? Math.min(image.original().width(), image.original().height())
                : Math.min(image.width(), image.height());
        if (shortEdge < gates.minShortEdge()) {
            reasons.add(
                    new Reason(RejectionCode.TOO_SMALL, "short edge " + shortEdge + " px < " + gates.minShortEdge()));
        }
        if (image.features() != null && image.features().blur() < gates.minSharpness()) {
            reasons.add(new Reason(
                    RejectionCode.TOO_BLURRY,
                    "sharpness %.1f < %.1f".formatted(image.features().blur(), gates.minSharpness())));
        }
        ImageNormalized.Caption caption = image.caption();
        boolean hasCaption = caption != null
                && caption.normalized() != null
                && !caption.normalized().isBlank();
        if (gates.captionRequired() && !hasCaption) {
            reasons.add(new Reason(RejectionCode.NO_CAPTION, "a caption is required"));
        }
        int tokens = caption == null ? 0 : caption.tokens().size();
        if (gates.minTokens() > 0 && tokens < gates.minTokens()) {
            reasons.add(new Reason(RejectionCode.TOO_FEW_TOKENS, tokens + " caption tokens < " + gates.minTokens()));
        }
        if (!gates.languages().isEmpty()
                && hasCaption
                && (caption.language() == null || !gates.languages().contains(caption.language()))) {
            reasons.add(new Reason(
                    RejectionCode.LANGUAGE_NOT_ALLOWED,
                    "caption language " + caption.language() + " not in " + gates.languages()));
        }
        return reasons;
    }
}

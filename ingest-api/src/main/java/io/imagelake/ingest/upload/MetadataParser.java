package io.imagelake.ingest.upload;

import io.imagelake.support.web.InvalidRequestException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Reads and validates the metadata part; anything wrong is a 400 naming each field. */
@Component
public class MetadataParser {

    private final ObjectMapper json;
    private final Validator validator;

    public MetadataParser(ObjectMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    public ImageMetadata parse(byte[] metadataJson) {
        if (metadataJson == null || metadataJson.length == 0) {
            return ImageMetadata.EMPTY;
        }
        ImageMetadata metadata;
        try {
            metadata = json.readValue(metadataJson, ImageMetadata.class);
        } catch (JacksonException e) {
            throw InvalidRequestException.of("metadata", "malformed JSON: " + e.getOriginalMessage());
        }
        if (metadata == null) {
            return ImageMetadata.EMPTY;
        }
        return validate(metadata);
    }

    /** The metadata, if valid; else a 400 naming each invalid field. */
    public ImageMetadata validate(ImageMetadata metadata) {
        Set<ConstraintViolation<ImageMetadata>> violations = validator.validate(metadata);
        if (!violations.isEmpty()) {
            List<InvalidRequestException.FieldError> errors = violations.stream()
                    .map(v -> new InvalidRequestException.FieldError("metadata." + v.getPropertyPath(), v.getMessage()))
                    .sorted(Comparator.comparing(InvalidRequestException.FieldError::field))
                    .toList();
            throw new InvalidRequestException("metadata is invalid", errors);
        }
        return metadata;
    }
}

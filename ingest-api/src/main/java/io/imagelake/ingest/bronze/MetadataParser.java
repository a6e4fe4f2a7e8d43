package io.imagelake.ingest.bronze;

import io.imagelake.support.errors.InvalidRequestException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

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
        List<InvalidRequestException.FieldError> errors = new ArrayList<>(violations.stream()
                .map(v -> new InvalidRequestException.FieldError("metadata." + v.getPropertyPath(), v.getMessage()))
                .toList());
        text("metadata.caption", metadata.caption(), errors);
        text("metadata.device", metadata.device(), errors);
        for (int i = 0; i < metadata.tags().size(); i++) {
            text("metadata.tags[" + i + "]", metadata.tags().get(i), errors);
        }
        metadata.attributes().forEach((key, value) -> {
            String field = "metadata.attributes[" + key + "]";
            text(field, key, errors);
            text(field, value, errors);
            if (key != null
                    && (key.isEmpty() || key.startsWith("$") || key.indexOf('.') >= 0 || key.indexOf('\0') >= 0)) {
                // attributes become fields of the catalog's Mongo document: '$x' is an operator, 'a.b' a path
                errors.add(new InvalidRequestException.FieldError(
                        field, "an attribute name may not be empty, start with '$' or contain '.' or NUL"));
            }
        });
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(InvalidRequestException.FieldError::field));
            throw new InvalidRequestException("metadata is invalid", errors);
        }
        return metadata;
    }

    /** Text is Unicode: a lone surrogate (JSON's "\\ud800" alone) is no character and cannot be stored as UTF-8. */
    private static void text(String field, String value, List<InvalidRequestException.FieldError> errors) {
        if (value != null && hasLoneSurrogate(value)) {
            errors.add(new InvalidRequestException.FieldError(field, "contains a lone UTF-16 surrogate"));
        }
    }

    static boolean hasLoneSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}

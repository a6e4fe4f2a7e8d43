package io.imagelake.catalog.datasets;

import io.imagelake.support.web.LakeException;
import org.springframework.http.HttpStatus;

/** The version exists but is not (or no longer) PUBLISHED, so it has nothing to serve or delete. */
public class DatasetNotReadyException extends LakeException {

    public DatasetNotReadyException(String version, String state) {
        super("dataset-not-ready", "Dataset version not ready", HttpStatus.CONFLICT, "dataset version " + version + " is " + state);
    }
}

package io.imagelake.catalog.datasets;

import io.imagelake.support.errors.ErrorKind;
import io.imagelake.support.errors.PermanentException;

/** The version exists but is not (or no longer) PUBLISHED, so it has nothing to serve or delete. */
public class DatasetNotReadyException extends PermanentException {

    public DatasetNotReadyException(String version, String state) {
        super(
                ErrorKind.CONFLICT,
                "dataset-not-ready",
                "Dataset version not ready",
                "dataset version " + version + " is " + state);
    }
}

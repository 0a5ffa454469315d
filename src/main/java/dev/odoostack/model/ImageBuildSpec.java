package dev.odoostack.model;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An image built from a Dockerfile of the repository.
 *
 * @param imageName  the full reference it is tagged with; its tag is a digest of everything that goes into the
 *                   build, so it changes exactly when a rebuild is needed
 * @param context    the build context, relative to the project directory
 * @param dockerfile the Dockerfile, relative to the project directory
 * @param push       push to the registry in {@code imageName}; false keeps it on the Docker host
 */
public record ImageBuildSpec(String name, String imageName, String context, String dockerfile,
                             SortedMap<String, String> args, boolean push) {
    public ImageBuildSpec {
        args = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(args));
    }
}

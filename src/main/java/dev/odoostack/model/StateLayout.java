package dev.odoostack.model;

import dev.odoostack.config.Settings;

/**
 * Where a stack keeps its data: directories under {@code <stateRoot>/<stack>} (bind) or named Docker volumes
 * {@code <stack>-<area>} (named). Either way one name per stack, so two stacks on one host never share data.
 *
 * @param stateDir   the stack's own state directory on the Docker host
 * @param bind       directories on the host (volumes: bind), else named volumes
 * @param production its volumes cannot be deleted through Pulumi
 */
public record StateLayout(String stack, String stateDir, boolean bind, boolean production) {
    public static StateLayout of(Settings s) {
        return new StateLayout(s.stack(), s.stateDir(), s.volumes() == Settings.VolumeMode.BIND, s.production());
    }

    /** The kinds of data a stack keeps. */
    public enum Area {
        FILESTORE("filestore"),
        POSTGRES("postgres"),
        LOGS("logs"),
        TRAEFIK("traefik"),
        BACKUP("backup");

        private final String dir;

        Area(String dir) {
            this.dir = dir;
        }

        public String dir() {
            return dir;
        }
    }

    /** The host directory of an area (bind mode). */
    public String hostDir(Area area) {
        return stateDir + "/" + area.dir();
    }

    /**
     * What the Docker engine knows an area by: its host directory, or its named volume's Docker name (a mount's
     * source in the model is the volume's logical name, which the back-ends map to that).
     */
    public String engineSource(Area area) {
        return bind() ? hostDir(area) : volume(area).dockerName();
    }

    /** Data outlives the stack, and a production stack's data cannot be deleted through Pulumi at all. */
    public VolumeSpec volume(Area area) {
        return new VolumeSpec(area.dir() + "-volume", Names.of(stack, area.dir()), true, production);
    }

    public ContainerSpec.MountSpec mount(Area area, String target) {
        return bind()
                ? new ContainerSpec.MountSpec(ContainerSpec.MountSpec.Kind.BIND, hostDir(area), target, false)
                : new ContainerSpec.MountSpec(ContainerSpec.MountSpec.Kind.VOLUME, volume(area).name(), target, false);
    }

    /** The named volumes a service owns: none in bind mode. */
    public java.util.List<VolumeSpec> volumes(Area... areas) {
        if (bind()) {
            return java.util.List.of();
        }
        return java.util.Arrays.stream(areas).map(this::volume).toList();
    }
}

package dev.odoostack.model;

import dev.odoostack.config.Settings;

/**
 * Where a stack keeps its data: directories under {@code <stateRoot>/<stack>} (bind) or named Docker volumes
 * {@code <stack>-<area>} (named). Either way one name per stack, so two stacks on one host never share data.
 */
public final class StateLayout {

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

    private final Settings settings;

    public StateLayout(Settings settings) {
        this.settings = settings;
    }

    public boolean bind() {
        return settings.volumes() == Settings.VolumeMode.BIND;
    }

    /** The host directory of an area (bind mode). */
    public String hostDir(Area area) {
        return settings.stateDir() + "/" + area.dir();
    }

    /** Data outlives the stack, and a production stack's data cannot be deleted through Pulumi at all. */
    public VolumeSpec volume(Area area) {
        return new VolumeSpec(area.dir() + "-volume", Names.of(settings, area.dir()), true, settings.production());
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

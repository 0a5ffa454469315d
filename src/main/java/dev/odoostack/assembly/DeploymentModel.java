package dev.odoostack.assembly;

import dev.odoostack.backup.Backup;
import dev.odoostack.config.Settings;
import dev.odoostack.database.Postgres;
import dev.odoostack.edge.Routes;
import dev.odoostack.edge.DockerApiFilter;
import dev.odoostack.edge.Traefik;
import dev.odoostack.images.BuildContext;
import dev.odoostack.images.OdooImage;
import dev.odoostack.model.Deployment;
import dev.odoostack.model.Names;
import dev.odoostack.model.NetworkSpec;
import dev.odoostack.model.ServiceSpec;
import dev.odoostack.model.StackIdentity;
import dev.odoostack.odoo.Odoo;
import dev.odoostack.restore.Restore;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Settings in, the whole deployment out: deterministic, no engine involved. The one place that sees every service
 * builder and wires them together (Odoo's routes through the edge, the images the containers run), so the services
 * need not know each other; both back-ends (program, compose) start from its answer.
 */
public final class DeploymentModel {
    private DeploymentModel() {
    }

    /** The deployment of the settings, with the build contexts read from the project directory given. */
    public static Deployment of(Settings settings, Path projectDir) {
        String odooContext = odooContextDigest(settings, projectDir);
        String filterContext = settings.traefik().own()
                ? BuildContext.digest(projectDir.resolve(DockerApiFilter.CONTEXT)) : "";
        String backupContext = settings.backup().isPresent()
                ? BuildContext.digest(projectDir.resolve(Backup.CONTEXT)) : "";
        return of(settings, odooContext, filterContext, backupContext);
    }

    /** The content digest of the Odoo build context in the project directory; none without a build. */
    private static String odooContextDigest(Settings s, Path projectDir) {
        return s.odoo().build().isPresent() ? BuildContext.digest(projectDir.resolve(OdooImage.CONTEXT)) : "";
    }

    /**
     * restore.sh's environment for a restore outside an up (bin/odoo-stack restore): see {@link Restore#environment}.
     *
     * @throws IllegalArgumentException with the one line to show, when this stack cannot be restored so
     */
    public static java.util.SortedMap<String, String> restoreEnvironment(Settings s, Path projectDir, String snapshot,
                                                                         String fromStack) {
        return restoreEnvironment(s, projectDir, snapshot, fromStack, java.util.Optional.empty());
    }

    /** @param volumeDir with volumes: named, where this machine reaches the filestore's volume (Restore.Target) */
    public static java.util.SortedMap<String, String> restoreEnvironment(Settings s, Path projectDir, String snapshot,
                                                                         String fromStack, java.util.Optional<String> volumeDir) {
        return Restore.environment(StackIdentity.of(s), s.restore(),
                restoreTarget(s, OdooImage.reference(s, odooContextDigest(s, projectDir))).withVolumeDir(volumeDir), snapshot, fromStack);
    }

    /**
     * restore.sh's environment for the final copy of a cutover: see {@link Restore#cutover}.
     *
     * @throws IllegalArgumentException with the one line to show, when this stack cannot take the copy so
     */
    public static java.util.SortedMap<String, String> cutoverEnvironment(Settings s, Path projectDir, Settings.Cutover source,
                                                                         String linkDest) {
        return cutoverEnvironment(s, projectDir, source, linkDest, java.util.Optional.empty());
    }

    /** @param volumeDir with volumes: named, where this machine reaches the filestore's volume (Restore.Target) */
    public static java.util.SortedMap<String, String> cutoverEnvironment(Settings s, Path projectDir, Settings.Cutover source,
                                                                         String linkDest, java.util.Optional<String> volumeDir) {
        return Restore.cutover(StackIdentity.of(s), source, restoreTarget(s, OdooImage.reference(s, odooContextDigest(s, projectDir)))
                .withVolumeDir(volumeDir), linkDest);
    }

    private static Restore.Target restoreTarget(Settings s, String odooImage) {
        return new Restore.Target(s.odoo().dbName(), odooImage, Routes.url(s));
    }

    /** @param odooContextDigest the content digest of the Odoo build context (images.BuildContext) */
    /** @param filterContextDigest the content digest of the Docker API filter's build context */
    /** @param backupContextDigest the content digest of the backup container's build context */
    public static Deployment of(Settings s, String odooContextDigest, String filterContextDigest, String backupContextDigest) {
        String odooImage = OdooImage.reference(s, odooContextDigest);
        StackIdentity stack = StackIdentity.of(s);
        boolean overlay = s.swarm(); // a swarm's networks span its nodes
        List<NetworkSpec> networks = new java.util.ArrayList<>(List.of(
                // Odoo's way to Traefik: internal, so without a route out, unless Odoo may reach the world
                new NetworkSpec(Names.PROXY_NETWORK, Names.proxyNetwork(s.stack(), s.traefik()), !s.exposure().egress(),
                        !s.traefik().own(), overlay),
                // internal: the database network has no route out, and nothing outside the stack can join it
                new NetworkSpec(Names.DATABASE_NETWORK, stack.name("db"), true, false, overlay)));
        if (s.traefik().own()) {
            networks.add(new NetworkSpec(Names.EDGE_NETWORK, stack.name("edge"), false, false, overlay));
            networks.add(new NetworkSpec(Names.DOCKER_API_NETWORK, stack.name("docker-api-net"), true, false, overlay));
        }
        if (s.backup().filter(b -> b.kind() != Settings.RepositoryKind.LOCAL).isPresent()) {
            // the backup container's own way out to its repository: the database network stays internal
            networks.add(new NetworkSpec(Backup.EGRESS_NETWORK, stack.name("backup-net"), false, false, overlay));
        }
        Map<String, String> odooLabels = Routes.odooLabels(stack, s.odoo(), s.traefik(), s.exposure(),
                Odoo.routes(stack, s.odoo()));
        List<ServiceSpec> services = new java.util.ArrayList<>(List.of(Postgres.service(stack, s.postgres()),
                Odoo.service(stack, s.odoo(), s.postgres(), OdooImage.build(s, odooContextDigest), odooLabels,
                        Routes.underPlatformProxy(odooLabels))));
        if (s.traefik().own()) {
            // the only way the stack's own proxy reads the engine
            services.add(DockerApiFilter.service(stack, Traefik.hostSocket(s.traefik(), s.dockerHost()), filterContextDigest));
        }
        Traefik.service(stack, s.traefik(), s.tls()).ifPresent(services::add);
        s.restore().map(r -> Restore.service(stack, r, restoreTarget(s, odooImage))).ifPresent(services::add);
        s.backup().map(b -> Backup.service(stack, b, s.postgres(), s.odoo(), backupContextDigest)).ifPresent(services::add);
        var containers = new TreeMap<String, String>();
        services.forEach(svc -> svc.main().ifPresent(c -> containers.put(svc.name(), c.dockerName())));
        return new Deployment(s.stack(), networks, services,
                new Deployment.Outputs(Routes.url(s), containers, s.odoo().dbName(), s.stateDir(),
                        s.volumes().key(), s.postgres().version(),
                        OdooImage.version(s), s.production(), s.exposure().egress(), s.dockerMode().key(),
                        s.wentLive().map(dev.odoostack.config.Settings.WentLive::text)),
                s.dockerHost(), s.swarm());
    }
}

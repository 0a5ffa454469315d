package dev.odoostack.program;

import com.pulumi.resources.ComponentResource;

/** The component resource of one service; its type token comes from the model (e.g. odoo-stack:odoo:Odoo). */
final class ServiceComponent extends ComponentResource {
    ServiceComponent(String type, String name) {
        super(type, name);
    }

    void done() {
        registerOutputs(java.util.Map.of());
    }
}

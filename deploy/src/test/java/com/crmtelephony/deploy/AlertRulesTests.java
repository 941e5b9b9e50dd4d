package com.crmtelephony.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The production overlay's PrometheusRule holds exactly the alert rules compose's Prometheus loads
 * (docker/prometheus/alerts.yml, whose own unit tests promtool runs in CI).
 */
class AlertRulesTests {

    @Test
    void thePrometheusRuleHoldsTheRulesComposeLoads() {
        Map<String, Object> rules = Kustomize.read(Manifests.ROOT.resolve("docker/prometheus/alerts.yml")).get(0);
        List<Map<String, Object>> prometheusRules = Kustomize.build(Manifests.KUBERNETES.resolve("overlays/production"))
                .stream().filter(doc -> "PrometheusRule".equals(doc.get("kind"))).toList();
        assertThat(prometheusRules).hasSize(1);
        assertThat(prometheusRules.get(0).get("spec")).isEqualTo(rules);
        assertThat(rules.toString()).contains("alert=Watchdog", "alert=DatabaseDown", "alert=WebhookInboxStuck",
                "alert=OutboundEndpointsDisabled", "alert=ServiceErrors", "alert=RateLimitsNotShared",
                "alert=StreamsNearCap", "alert=JobsNearCap", "alert=ReconciliationNotRun");
    }
}

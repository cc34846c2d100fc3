import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { helm, helmPath } from '../support/helm';

const CHART = join(import.meta.dirname, '..', '..', 'charts', 'teams-status');
const PRODUCTION = join(CHART, 'examples', 'production-values.yaml');
/** The one value the defaults lack: more than one replica needs Redis. */
const WITH_REDIS = ['--set', 'redis.url=redis://redis.example:6379'];

interface K8sObject {
  kind: string;
  apiVersion: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

function render(args: string[]): K8sObject[] {
  const text = helm(['template', 'teams-status', CHART, '--namespace', 'status', ...args]);
  return parseAllDocuments(text)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

const kinds = (objects: K8sObject[]) => objects.map((o) => o.kind).sort();
const one = (objects: K8sObject[], kind: string) => {
  const found = objects.filter((o) => o.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0]!;
};
const container = (objects: K8sObject[]) => one(objects, 'Deployment').spec!.template.spec.containers[0];

beforeAll(() => {
  helmPath();
}, 180_000);

describe('the Helm chart', () => {
  it('passes helm lint --strict with the defaults and with the production example', () => {
    expect(helm(['lint', '--strict', CHART, ...WITH_REDIS])).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    expect(helm(['lint', '--strict', CHART, '-f', PRODUCTION])).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
  });

  it('refuses several replicas without Redis, saying what to set', () => {
    expect(() => render([])).toThrow(/more than one replica needs Redis: set redis.url/);
    expect(() => render([...WITH_REDIS, '--set', 'image.tag=latest'])).toThrow(/pinned version, not "latest"/);
    // values.schema.json catches a mistyped setting before anything is rendered.
    expect(() => render([...WITH_REDIS, '--set', 'relay.registration=shut'])).toThrow(/registration': value must be one of 'open', 'closed'/);
    expect(() => render(['--set', 'redis.url=http://redis.example'])).toThrow(/redis\/url/);
    // One replica over the embedded store on a volume is a valid small install.
    expect(kinds(render(['--set', 'replicaCount=1', '--set', 'persistence.enabled=true']))).toContain('PersistentVolumeClaim');
  });

  describe('with the defaults', () => {
    let objects: K8sObject[];
    beforeAll(() => {
      objects = render(WITH_REDIS);
    });

    it('renders the relay and its guard rails, nothing optional', () => {
      expect(kinds(objects)).toEqual(['ConfigMap', 'Deployment', 'NetworkPolicy', 'PodDisruptionBudget', 'Secret', 'Service', 'ServiceAccount']);
    });

    it('runs two replicas probed on /readyz and /healthz, longer grace than the drain', () => {
      const deployment = one(objects, 'Deployment');
      expect(deployment.spec!.replicas).toBe(2);
      const c = container(objects);
      expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
      expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(c.lifecycle.preStop.sleep.seconds).toBe(5);
      // preStop sleep + the relay's 15 s drain deadline must fit in the grace period.
      expect(deployment.spec!.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(5 + 15);
    });

    it('runs non-root on a read-only root with /data and /tmp writable', () => {
      const pod = one(objects, 'Deployment').spec!.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
      const c = container(objects);
      expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      expect(c.volumeMounts.map((m: { mountPath: string }) => m.mountPath).sort()).toEqual(['/data', '/tmp']);
      expect(c.resources.requests).toEqual({ cpu: '100m', memory: '128Mi' });
      expect(c.resources.limits.memory).toBe('512Mi');
    });

    it('keeps the Redis URL in a Secret and plain settings in a ConfigMap, both wired in', () => {
      const secret = one(objects, 'Secret');
      expect(secret.stringData).toEqual({ REDIS_URL: 'redis://redis.example:6379' });
      const config = one(objects, 'ConfigMap').data!;
      expect(config).toMatchObject({ HOST: '0.0.0.0', PORT: '8787', METRICS_PER_PERSON: 'false', RELAY_REGISTRATION: 'open' });
      expect(Object.values(config).join(' ')).not.toContain('redis://');
      expect(container(objects).envFrom).toEqual([{ configMapRef: { name: 'teams-status' } }, { secretRef: { name: 'teams-status' } }]);
    });

    it('pins the image to the chart version', () => {
      expect(container(objects).image).toBe('teams-status-relay:0.1.0');
    });
  });

  describe('with the production example', () => {
    let objects: K8sObject[];
    beforeAll(() => {
      objects = render(['-f', PRODUCTION]);
    });

    it('adds the ingress, the autoscaler and the ServiceMonitor; leaves replicas to the autoscaler', () => {
      expect(kinds(objects)).toEqual(['ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'Ingress', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'ServiceAccount', 'ServiceMonitor']);
      expect(one(objects, 'Deployment').spec!.replicas).toBeUndefined();
      expect(one(objects, 'HorizontalPodAutoscaler').spec).toMatchObject({ minReplicas: 3, maxReplicas: 10 });
      expect(one(objects, 'ServiceMonitor').spec!.endpoints).toEqual([{ port: 'http', path: '/metrics', interval: '30s', scrapeTimeout: '10s' }]);
    });

    it('reads secrets from the existing Secret only, and makes none', () => {
      expect(container(objects).envFrom).toEqual([{ configMapRef: { name: 'teams-status' } }, { secretRef: { name: 'teams-status-env' } }]);
      expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
    });

    it('routes the host through the named class with its annotations, and share links use it', () => {
      const ingress = one(objects, 'Ingress');
      expect(ingress.spec!.ingressClassName).toBe('nginx');
      expect(ingress.metadata.annotations).toMatchObject({ 'nginx.ingress.kubernetes.io/proxy-buffering': 'off', 'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600' });
      expect(ingress.spec!.rules[0].http.paths[0].backend.service).toEqual({ name: 'teams-status', port: { name: 'http' } });
      expect(one(objects, 'ConfigMap').data!.PUBLIC_URL).toBe('https://status.example.com');
    });

    it('uses the pinned image tag and the resources asked for', () => {
      const c = container(objects);
      expect(c.image).toBe('registry.example.com/teams-status-relay:0.1.0');
      expect(c.image).not.toMatch(/:latest$/);
      expect(c.resources.requests).toEqual({ cpu: '250m', memory: '256Mi' });
    });
  });

  it('writes the Graph and admin secrets to the Secret and the Graph ids to the ConfigMap', () => {
    const objects = render([...WITH_REDIS, '--set', 'secrets.adminToken=0123456789abcdef0123', '--set', 'secrets.graph.clientSecret=s3cret', '--set', 'secrets.graph.tenantId=t-1', '--set', 'secrets.graph.clientId=c-1']);
    expect(one(objects, 'Secret').stringData).toEqual({ REDIS_URL: 'redis://redis.example:6379', RELAY_ADMIN_TOKEN: '0123456789abcdef0123', GRAPH_CLIENT_SECRET: 's3cret' });
    expect(one(objects, 'ConfigMap').data).toMatchObject({ GRAPH_TENANT_ID: 't-1', GRAPH_CLIENT_ID: 'c-1' });
    expect(one(objects, 'ConfigMap').data).not.toHaveProperty('TEAMS_APP_ID');
    const bot = render([...WITH_REDIS, '--set', 'secrets.teamsBot.appId=2b7e9a0c-5d1f-4c8e-9a3b-7f6e5d4c3b2a', '--set', 'secrets.teamsBot.clientId=c-2', '--set', 'secrets.teamsBot.clientSecret=b0t', '--set', 'secrets.teamsBot.serviceUrl=https://smba.infra.gcc.teams.microsoft.com/teams/']);
    expect(one(bot, 'ConfigMap').data).toMatchObject({ TEAMS_APP_ID: '2b7e9a0c-5d1f-4c8e-9a3b-7f6e5d4c3b2a', BOT_CLIENT_ID: 'c-2', BOT_SERVICE_URL: 'https://smba.infra.gcc.teams.microsoft.com/teams/' });
    expect(one(bot, 'Secret').stringData).toMatchObject({ BOT_CLIENT_SECRET: 'b0t' });
  });
});

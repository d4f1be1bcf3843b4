import { containerId } from '../../../testing/containers';
import { imageTag } from './container-detail';
import { formatPort } from './container-model';
import { detailTab, parseTabParam, tabParam } from './detail-tab';
import { hostKey, parseHostKey } from './host-ref';

describe('URL state of the containers page', () => {
  it('round-trips hosts of every source', () => {
    for (const ref of [
      { source: 'docker-tcp', id: '3' },
      { source: 'docker-ssh', id: '12' },
      { source: 'agent', id: 'proxmox-vm_1.lan' },
    ] as const) {
      expect(parseHostKey(hostKey(ref))).toEqual(ref);
    }
    expect(hostKey({ source: 'docker-tcp', id: '3' })).toBe('tcp:3');
  });

  it('ignores malformed hosts from a hand-edited link', () => {
    for (const text of ['', 'tcp', 'tcp:', 'tcp:abc', 'tcp:0', 'ftp:3', 'agent:has space', 'agent:a/b', `agent:${'x'.repeat(129)}`]) {
      expect(parseHostKey(text)).toBeNull();
    }
  });

  it('round-trips tabs, label included', () => {
    const tab = detailTab({ source: 'agent', id: 'vm-1' }, containerId('abcd'), 'web');
    expect(tabParam(tab)).toBe(`agent:vm-1:${containerId('abcd')}:web`);
    expect(parseTabParam(tabParam(tab))).toEqual(tab);
    expect(tab.key).toBe(`agent:vm-1:${containerId('abcd')}`);
  });

  it('ignores malformed tabs', () => {
    for (const text of ['tcp:3', `tcp:3:${containerId('a')}`, 'tcp:3:not-hex-id:web', `nope:3:${containerId('a')}:web`, 'tcp:3:abc:web']) {
      expect(parseTabParam(text)).toBeNull();
    }
  });

  it('reads image tags and port bindings as docker shows them', () => {
    expect(imageTag('nginx:1.27')).toBe('1.27');
    expect(imageTag('registry.local:5000/team/app')).toBeNull();
    expect(imageTag('registry.local:5000/team/app:v2@sha256:abc')).toBe('v2');
    expect(imageTag('busybox')).toBeNull();
    expect(formatPort({ hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, proto: 'tcp' })).toBe('0.0.0.0:8080→80/tcp');
    expect(formatPort({ hostIp: '::', hostPort: 53, containerPort: 53, proto: 'udp' })).toBe('[::]:53→53/udp');
    expect(formatPort({ hostIp: null, hostPort: null, containerPort: 6379, proto: 'tcp' })).toBe('6379/tcp');
  });
});

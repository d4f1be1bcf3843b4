import { formatEngineAddress, parseEngineUrl } from './engine-url';

describe('parseEngineUrl', () => {
  it('reads tcp:// and https:// addresses, with Docker default ports', () => {
    expect(parseEngineUrl('tcp://10.0.0.5:2375')).toEqual({ tls: false, host: '10.0.0.5', port: 2375 });
    expect(parseEngineUrl('https://docker.example.com')).toEqual({ tls: true, host: 'docker.example.com', port: 2376 });
    expect(parseEngineUrl('tcp://docker-01/')).toEqual({ tls: false, host: 'docker-01', port: 2375 });
    expect(parseEngineUrl('https://[fd00::5]:9000')).toEqual({ tls: true, host: 'fd00::5', port: 9000 });
  });

  it.each([
    'http://h:1', 'unix:///var/run/docker.sock', 'npipe:////./pipe/docker_engine', 'ssh://h', 'TCP://h:1', 'tcp://h:1/path', 'tcp://h:1?q', 'tcp://h:1#f',
    'tcp://u@h:1', 'tcp://h:0', 'tcp://h:99999', 'tcp://-h:1', 'tcp://h-:1', 'tcp://h..x:1', 'tcp://[::1', 'tcp://[zz::]:1', 'tcp://', 'tcp://h :1', '',
  ])('refuses %j', (url) => {
    expect(parseEngineUrl(url)).toBeNull();
  });

  it('refuses overlong URLs and labels', () => {
    expect(parseEngineUrl(`tcp://${'a'.repeat(64)}.example:1`)).toBeNull();
    expect(parseEngineUrl(`tcp://${'a.'.repeat(150)}x:1`)).toBeNull();
  });

  it('formats addresses back for messages', () => {
    expect(formatEngineAddress({ tls: true, host: 'fd00::5', port: 9000 })).toBe('https://[fd00::5]:9000');
    expect(formatEngineAddress({ tls: false, host: 'h', port: 2375 })).toBe('tcp://h:2375');
  });
});

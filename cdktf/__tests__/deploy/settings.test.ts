/** The deploy command's settings: pure parsing of its environment, every problem at once. */
import { endpointsFrom, GOOGLE_ENDPOINTS } from '../../deploy/endpoints';
import { DeploySettingsError, parseDeploySettings } from '../../deploy/settings';

describe('parseDeploySettings', () => {
  it('reads the config path, an optional access token, the Terraform binary and PATH', () => {
    expect(parseDeploySettings({ DEPLOY_CONFIG: 'deploy.json', PATH: '/usr/bin:/bin' })).toEqual({
      configPath: 'deploy.json',
      accessToken: undefined,
      endpoints: GOOGLE_ENDPOINTS,
      terraformBinary: 'terraform',
      path: '/usr/bin:/bin',
    });
    expect(
      parseDeploySettings({
        DEPLOY_CONFIG: 'd.json',
        GOOGLE_OAUTH_ACCESS_TOKEN: 'ya29.x',
        TERRAFORM_BINARY_NAME: 'tofu',
      }),
    ).toMatchObject({
      accessToken: 'ya29.x',
      terraformBinary: 'tofu',
      path: '',
    });
  });

  it('treats empty values as unset and lists every problem at once', () => {
    expect.assertions(3);
    try {
      parseDeploySettings({
        DEPLOY_CONFIG: ' ',
        GOOGLE_OAUTH_ACCESS_TOKEN: '',
        DEPLOY_API_ENDPOINTS: '{"storage":"not a url","bigtable":"http://127.0.0.1:1"}',
      });
    } catch (error) {
      expect(error).toBeInstanceOf(DeploySettingsError);
      expect((error as DeploySettingsError).problems[0]).toMatch(/^DEPLOY_CONFIG must name the deploy config file/);
      expect((error as DeploySettingsError).problems[1]).toMatch(
        /^DEPLOY_API_ENDPOINTS: .*storage: .*bigtable|^DEPLOY_API_ENDPOINTS: .*bigtable.*storage/,
      );
    }
  });
});

describe('endpointsFrom', () => {
  it("keeps Google's public hosts unless told otherwise", () => {
    expect(endpointsFrom(undefined)).toBe(GOOGLE_ENDPOINTS);
    expect(Object.values(GOOGLE_ENDPOINTS).every((url) => /^https:\/\/[a-z]+\.googleapis\.com$/.test(url))).toBe(true);
  });

  it('overrides only the named APIs, without a trailing slash', () => {
    expect(endpointsFrom('{"storage":"http://127.0.0.1:4443/","secretManager":"http://127.0.0.1:9000/sm"}')).toEqual({
      ...GOOGLE_ENDPOINTS,
      storage: 'http://127.0.0.1:4443',
      secretManager: 'http://127.0.0.1:9000/sm',
    });
  });

  it('refuses what is not JSON or not a URL', () => {
    expect(() => endpointsFrom('{storage:')).toThrow('DEPLOY_API_ENDPOINTS: not JSON');
    expect(() => endpointsFrom('{"billing":"ftp://example.com"}')).toThrow('billing: must be an http(s) URL');
  });
});

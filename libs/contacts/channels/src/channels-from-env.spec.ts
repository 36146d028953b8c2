import { ChannelConfigError, contactChannelsFromEnv } from './channels-from-env';

describe('contactChannelsFromEnv', () => {
  it('turns no channel on when nothing is configured', () => {
    expect(contactChannelsFromEnv({})).toEqual({ webhooks: {} });
  });

  it('builds every configured adapter and hands the webhook secrets over', () => {
    const channels = contactChannelsFromEnv({
      SMTP_URL: 'smtps://cobranca:senha@smtp.example.com',
      SMTP_FROM: 'cobranca@lojas-acao.example',
      SMS_ACCOUNT_SID: 'AC1',
      SMS_AUTH_TOKEN: 'twilio-token',
      SMS_FROM: '+5511912345678',
      SMS_MAX_LENGTH: '201',
      WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
      WHATSAPP_TOKEN: 'EAAG',
      WHATSAPP_APP_SECRET: 'app-secret',
      WHATSAPP_VERIFY_TOKEN: 'verify-me',
    });

    expect([channels.email?.channel, channels.sms?.channel, channels.whatsapp?.channel]).toEqual(['email', 'sms', 'whatsapp']);
    expect(channels.webhooks).toEqual({ twilioAuthToken: 'twilio-token', whatsappAppSecret: 'app-secret', whatsappVerifyToken: 'verify-me' });
    expect(channels.maxSmsLength).toBe(201);
    channels.email?.close();
  });

  it('names every missing or wrong variable at once', () => {
    const attempt = () => contactChannelsFromEnv({ SMTP_URL: 'http://smtp.example.com', SMS_ACCOUNT_SID: 'AC1', WHATSAPP_PHONE_NUMBER_ID: '1', CHANNEL_TIMEOUT_MS: 'soon' });

    expect(attempt).toThrow(ChannelConfigError);
    expect(attempt).toThrow(
      'contact channels: SMTP_FROM is required; SMTP_URL: SMTP_URL must start with smtp:// or smtps://; CHANNEL_TIMEOUT_MS must be a positive whole number of ms, got soon; SMS_AUTH_TOKEN is required; SMS_FROM is required; WHATSAPP_TOKEN is required; WHATSAPP_APP_SECRET is required',
    );
  });
});

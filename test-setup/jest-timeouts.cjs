// testTimeout is a global Jest option (ignored in project configs): projects set it here.
jest.setTimeout(Number(process.env.JEST_TEST_TIMEOUT_MS || 120000));

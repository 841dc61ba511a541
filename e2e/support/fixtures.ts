// `test` whose baseURL is the shared server started by the global setup.
import { test as base, expect } from '@playwright/test';
import { BASE_URL_ENV } from './global-setup';

export const test = base.extend({
  baseURL: async ({}, use) => {
    const url = process.env[BASE_URL_ENV];
    if (!url) throw new Error(`${BASE_URL_ENV} is not set: run through playwright.config.ts (its globalSetup starts the server)`);
    await use(url);
  },
});
export { expect };

/** The Shopware 6 Admin API token client (client_credentials, password, refresh_token). */
package dev.commerceauth.shopware;

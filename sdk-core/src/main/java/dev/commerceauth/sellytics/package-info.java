/** The sellytics DATA API token client (Keycloak, client_credentials). */
package dev.commerceauth.sellytics;

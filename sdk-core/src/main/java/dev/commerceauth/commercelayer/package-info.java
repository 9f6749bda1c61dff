/** The Commerce Layer token client (five grants, revocation, claims and RS512 verification). */
package dev.commerceauth.commercelayer;

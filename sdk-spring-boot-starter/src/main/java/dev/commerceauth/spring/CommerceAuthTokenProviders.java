package dev.commerceauth.spring;

import dev.commerceauth.core.TokenProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;

/**
 * The token providers of the {@code commerceauth.registration.*} properties, by registration name:
 * for code that picks a registration at run time. Each is also a bean of its own, named
 * {@code <name>TokenProvider} and qualified {@code @Qualifier("<name>")}.
 */
public final class CommerceAuthTokenProviders {

    private final List<String> names;
    private final BeanFactory beanFactory;

    CommerceAuthTokenProviders(CommerceAuthProperties properties, BeanFactory beanFactory) {
        this.names = Collections.unmodifiableList(new ArrayList<>(properties.getRegistration().keySet()));
        this.beanFactory = beanFactory;
    }

    /**
     * The registration names, in the order of the properties.
     *
     * @return the names
     */
    public List<String> names() {
        return names;
    }

    /**
     * The provider of one registration.
     *
     * @param name the registration name
     * @return its provider (a bean, closed with the context)
     * @throws IllegalArgumentException if there is no such registration; the message names those there are
     */
    public TokenProvider get(String name) {
        if (!names.contains(name)) {
            throw new IllegalArgumentException("no registration \"" + name + "\" under commerceauth.registration; there are "
                    + (names.isEmpty() ? "none" : String.join(", ", names)));
        }
        return beanFactory.getBean(name + TokenProviderRegistrar.BEAN_SUFFIX, TokenProvider.class);
    }

    @Override
    public String toString() {
        return "CommerceAuthTokenProviders" + names;
    }
}

package dev.commerceauth.spring;

import dev.commerceauth.core.TokenProvider;
import dev.commerceauth.spring.CommerceAuthProperties.Registration;
import java.util.Map;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Registers one {@link TokenProvider} bean per registration, named {@code <name>TokenProvider} and
 * qualified {@code <name>}, built by {@link TokenProviderFactory} and closed with the context. The
 * number of beans depends on the properties, hence a registry post-processor instead of
 * {@code @Bean} methods.
 */
final class TokenProviderRegistrar implements BeanDefinitionRegistryPostProcessor, BeanFactoryAware {

    /** The bean name suffix of each registration's provider. */
    static final String BEAN_SUFFIX = "TokenProvider";

    private final Environment environment;
    private BeanFactory beanFactory;

    TokenProviderRegistrar(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        Map<String, Registration> registrations = Binder.get(environment)
                .bind(CommerceAuthProperties.PREFIX + ".registration", Bindable.mapOf(String.class, Registration.class))
                .orElse(Map.of());
        for (String name : registrations.keySet()) {
            RootBeanDefinition definition = new RootBeanDefinition(TokenProvider.class,
                    () -> beanFactory.getBean(TokenProviderFactory.class).create(name));
            definition.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
            definition.setDestroyMethodName("close");
            registry.registerBeanDefinition(name + BEAN_SUFFIX, definition);
        }
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory factory) {
        // all done in postProcessBeanDefinitionRegistry
    }
}

        .container(ContainerState::new("{{container}}"))

        #[container = "{{container}}"] {{container_ident}}: Container,

("{{container}}", &{{container_ident}}), 

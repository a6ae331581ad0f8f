# tdn_embed(OUT SYMBOL FILES): generates OUT, a C file defining
#   const struct tdn_embedded SYMBOL[] = {{"name", bytes, len}, ..., {0}};
# so that the binary carries its knowledge base and web assets.
set(TDN_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_gen.cmake)
function(tdn_embed out symbol files)
  # a list's ';' would split the shell command: pass the files joined by '|'
  string(REPLACE ";" "|" joined "${files}")
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DSYMBOL=${symbol} "-DFILES=${joined}"
            -P ${TDN_EMBED_SCRIPT}
    DEPENDS ${files} ${TDN_EMBED_SCRIPT}
    COMMENT "Embedding ${symbol}"
    VERBATIM)
endfunction()

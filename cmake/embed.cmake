# tdn_embed(OUT SYMBOL FILES): generates OUT, a C file defining
#   const struct tdn_embedded SYMBOL[] = {{"name", bytes, len}, ..., {0}};
# so that the binary carries its knowledge base and web assets.
set(TDN_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_gen.cmake)
function(tdn_embed out symbol files)
  # A list would be split into several arguments: pass it '|'-separated.
  string(REPLACE ";" "|" files_arg "${files}")
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DSYMBOL=${symbol} "-DFILES=${files_arg}"
            -P ${TDN_EMBED_SCRIPT}
    DEPENDS ${files} ${TDN_EMBED_SCRIPT}
    COMMENT "Embedding ${symbol}"
    VERBATIM)
endfunction()

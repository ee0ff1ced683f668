/*
 * The article widget as a block in the block editor: plain JavaScript on
 * WordPress's own globals (wp.blocks, wp.element, wp.blockEditor,
 * wp.components), no build step. The block saves nothing but its
 * attributes; the page is drawn on the server by the shortcode's own
 * function (includes/block.php). Its words come translated from PHP
 * (articleWidgetBlock, the plugin's .po), its name from block.json.
 */
(function (wp, text) {
  var el = wp.element.createElement;
  var editor = wp.blockEditor;
  var ui = wp.components;

  function choices(names) {
    return names.map(function (name) { return { value: name, label: text[name || 'default'] }; });
  }

  wp.blocks.registerBlockType('article-widget/article', {
    edit: function (props) {
      var a = props.attributes;
      function set(name) {
        return function (value) { var change = {}; change[name] = value; props.setAttributes(change); };
      }
      return el('div', editor.useBlockProps(),
        el(editor.InspectorControls, null,
          el(ui.PanelBody, { title: text.settings },
            el(ui.TextControl, { label: text.post, help: text.postHelp, value: a.post, onChange: set('post') }),
            el(ui.SelectControl, { label: text.theme, value: a.theme, options: choices(['', 'light', 'dark', 'auto']), onChange: set('theme') }),
            el(ui.SelectControl, { label: text.loading, value: a.loading, options: choices(['', 'lazy', 'eager']), onChange: set('loading') }))),
        el(ui.Placeholder, { icon: 'media-document', label: text.title, instructions: a.post ? text.other.replace('%s', a.post) : text.current }));
    },
    save: function () { return null; },
  });
})(window.wp, window.articleWidgetBlock);

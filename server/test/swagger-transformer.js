// ts-jest wants transformers with name/version/factory; this adapts the Swagger CLI plugin so
// tests see the same OpenAPI metadata as `nest build`. Options match nest-cli.json.
const plugin = require('@nestjs/swagger/plugin');
const options = require('../../nest-cli.json').compilerOptions.plugins[0].options;

module.exports.name = 'archnest-swagger-plugin';
module.exports.version = 1;
module.exports.factory = (compiler) => plugin.before(options, compiler.program);

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>QObject</name>
    <message>
        <location filename="../ui/main.cpp" line="109"/>
        <source>Plot review</source>
        <translation>地块审查</translation>
    </message>
    <message>
        <location filename="../draw/map_layer.cpp" line="168"/>
        <source>Communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../draw/map_layer.cpp" line="169"/>
        <source>Buildings</source>
        <translation>建筑</translation>
    </message>
    <message>
        <location filename="../draw/map_layer.cpp" line="170"/>
        <source>Plots under review</source>
        <translation>开发地块</translation>
    </message>
    <message>
        <location filename="../draw/map_layer.cpp" line="171"/>
        <source>Facilities</source>
        <translation>社区设施</translation>
    </message>
    <message>
        <location filename="../draw/map_layer.cpp" line="172"/>
        <location filename="../draw/map_layer.cpp" line="185"/>
        <source>Parking</source>
        <translation>停车场</translation>
    </message>
    <message>
        <location filename="../draw/map_layer.cpp" line="173"/>
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <location filename="../draw/map_layer.cpp" line="174"/>
        <source>Candidate sites</source>
        <translation>候选场地</translation>
    </message>
    <message>
        <location filename="../draw/map_layer.cpp" line="180"/>
        <source>Community office</source>
        <translation>社区办公用房</translation>
    </message>
    <message>
        <location filename="../draw/map_layer.cpp" line="181"/>
        <source>Health station</source>
        <translation>社区卫生服务站</translation>
    </message>
    <message>
        <location filename="../draw/map_layer.cpp" line="182"/>
        <source>Elderly care</source>
        <translation>养老服务</translation>
    </message>
    <message>
        <location filename="../draw/map_layer.cpp" line="183"/>
        <source>Kindergarten</source>
        <translation>幼儿园</translation>
    </message>
    <message>
        <location filename="../draw/map_layer.cpp" line="184"/>
        <source>Market</source>
        <translation>菜市场</translation>
    </message>
    <message>
        <location filename="../draw/map_layout.cpp" line="104"/>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <location filename="../draw/map_layout.cpp" line="156"/>
        <source>cannot encode the PNG</source>
        <translation>无法编码 PNG</translation>
    </message>
    <message>
        <location filename="../draw/map_layer.cpp" line="191"/>
        <source>compliant</source>
        <translation>合规</translation>
    </message>
    <message>
        <location filename="../draw/map_layer.cpp" line="192"/>
        <source>short</source>
        <translation>不足</translation>
    </message>
    <message>
        <location filename="../draw/map_layer.cpp" line="193"/>
        <source>not applicable</source>
        <translation>不适用</translation>
    </message>
    <message>
        <location filename="../draw/map_layer.cpp" line="194"/>
        <source>unchecked</source>
        <translation>无法审查</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="41"/>
        <source>GCJ-02 offset undone</source>
        <translation>已纠正 GCJ-02 偏移</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="42"/>
        <source>BD-09 offset undone</source>
        <translation>已纠正 BD-09 偏移</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="77"/>
        <source>This plot</source>
        <translation>本地块</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="78"/>
        <source>Its community</source>
        <translation>所在社区</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="80"/>
        <source>Plot: %1</source>
        <translation>地块：%1</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="86"/>
        <source>CRS: CGCS2000 / EPSG:%1 (%2)</source>
        <translation>坐标系：CGCS2000 / EPSG:%1（%2）</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="102"/>
        <source>Review of plot %1</source>
        <translation>地块 %1 审查结果</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="105"/>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="107"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="108"/>
        <location filename="../draw/approval_report.cpp" line="256"/>
        <location filename="../draw/approval_report.cpp" line="271"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="91"/>
        <source>outside every community</source>
        <translation>不在任何社区内</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="91"/>
        <source>not determined (see the reason)</source>
        <translation>无法确定（见理由）</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="109"/>
        <source>Shares of the plot&apos;s area</source>
        <translation>地块面积所占比例</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="110"/>
        <location filename="../draw/approval_report.cpp" line="257"/>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="111"/>
        <source>Required office space (㎡)</source>
        <translation>应配社区用房（㎡）</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="112"/>
        <source>Reserved office space (㎡)</source>
        <translation>预留社区用房（㎡）</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="113"/>
        <location filename="../draw/approval_report.cpp" line="258"/>
        <source>Shortfall (㎡)</source>
        <translation>缺口（㎡）</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="114"/>
        <source>Binding rule</source>
        <translation>起控制作用的规定</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="117"/>
        <source>Parking verdict</source>
        <translation>停车位结论</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="119"/>
        <source>Parking spaces required / provided / short</source>
        <translation>停车位 应配 / 配建 / 缺口</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="121"/>
        <source>Parking standard</source>
        <translation>停车配建标准</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="123"/>
        <location filename="../draw/approval_report.cpp" line="230"/>
        <source>Rule pack</source>
        <translation>规则包</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="130"/>
        <source>Rules applied to the plot</source>
        <translation>适用于本地块的规定</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="132"/>
        <location filename="../draw/approval_report.cpp" line="258"/>
        <source>Rule</source>
        <translation>规定</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="132"/>
        <source>Applies</source>
        <translation>是否适用</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="132"/>
        <source>Required ㎡</source>
        <translation>应配 ㎡</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="133"/>
        <source>Provided ㎡</source>
        <translation>提供 ㎡</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="133"/>
        <source>Shortfall ㎡</source>
        <translation>缺口 ㎡</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="134"/>
        <source>Source (mark)</source>
        <translation>出处（核实标记）</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="138"/>
        <location filename="../draw/approval_report.cpp" line="206"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="138"/>
        <source>not assessed (data missing)</source>
        <translation>未评估（缺少数据）</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="138"/>
        <location filename="../draw/approval_report.cpp" line="206"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="144"/>
        <source>No rule was evaluated: %1</source>
        <translation>未能评估任何规定：%1</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="152"/>
        <source>The community with the plots under review: %1</source>
        <translation>计入审查地块后的社区：%1</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="157"/>
        <source>Households existing / planned</source>
        <translation>现状户数 / 规划户数</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="158"/>
        <source>Community office space now (㎡)</source>
        <translation>现有社区用房（㎡）</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="159"/>
        <source>+ %1 office(s) of unknown size</source>
        <translation>另有 %1 处用房面积不详</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="160"/>
        <source>Office space reserved by the plots under review (㎡)</source>
        <translation>审查地块预留的社区用房（㎡）</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="161"/>
        <source>Required for the community (㎡)</source>
        <translation>社区应配（㎡）</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="162"/>
        <source>Shortfall of the community (㎡)</source>
        <translation>社区缺口（㎡）</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="164"/>
        <source>Operating funds in %1 (yuan per year)</source>
        <translation>%1 年工作经费（元/年）</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="165"/>
        <source>Community rule</source>
        <translation>社区层面的规定</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="168"/>
        <source>Parking spaces / households (per household)</source>
        <translation>停车位 / 户数（户均）</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="170"/>
        <source>Parking spaces required by the standard / short</source>
        <translation>按标准应有停车位 / 缺口</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="175"/>
        <source>Budget in %1: government / sanitation / parking / other (yuan)</source>
        <translation>%1 年经费：政府拨款 / 卫生费 / 停车收入 / 其他（元）</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="178"/>
        <source>Budget in %1: total (per household)</source>
        <translation>%1 年经费：合计（户均）</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="186"/>
        <source>Services within reach of the plot&apos;s households</source>
        <translation>本地块住户可达的公共服务</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="187"/>
        <source>Not computed: the project has no facilities of the kinds the standards give distances for.</source>
        <translation>未计算：项目中没有标准规定了服务距离的各类设施。</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="188"/>
        <source>Distances from the plot to the nearest existing facility of each kind, walking along the road network (footways walked, motorways not) and in a straight line, against the standard&apos;s distance.</source>
        <translation>本地块到各类最近现有设施的距离：沿道路网步行（可走人行道，不走快速路）及直线距离，并与标准规定的距离比较。</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="192"/>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="192"/>
        <source>Standard</source>
        <translation>标准</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="192"/>
        <source>Walking (m)</source>
        <translation>步行（米）</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="193"/>
        <source>Straight line (m)</source>
        <translation>直线（米）</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="193"/>
        <source>Served?</source>
        <translation>是否覆盖</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="198"/>
        <source>not measured: the plot has no households or no valid geometry</source>
        <translation>未测量：地块无户数或几何无效</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="202"/>
        <source>beyond %1 m</source>
        <translation>超过 %1 米</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="214"/>
        <source>Data sources and coordinate reference system</source>
        <translation>数据来源与坐标参考系</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="216"/>
        <source>Every layer was brought into it on reading; coordinates in this package are in metres of that zone.</source>
        <translation>各图层读取时均已转换至该坐标系；本材料中的坐标为该投影带的米制坐标。</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="217"/>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="218"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="218"/>
        <source>Features</source>
        <translation>要素数</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="218"/>
        <source>Source CRS</source>
        <translation>原坐标系</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="221"/>
        <source>as the file declares</source>
        <translation>按文件声明</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="228"/>
        <source>Households estimated, not counted:</source>
        <translation>户数为估算值，非统计数：</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="236"/>
        <source>Numbers not yet verified against their documents:</source>
        <translation>尚未与原文件核实的数值：</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="240"/>
        <source>Marks: V verified against the document; P partly verified; U unverified.</source>
        <translation>标记：V 已与原文件核实；P 部分核实；U 未核实。</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="241"/>
        <source>Prepared %1 with Community Planner %2.</source>
        <translation>%1 由社区规划 %2 生成。</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="250"/>
        <source>Communities as they are</source>
        <translation>社区现状</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="251"/>
        <source>The project has no development plots under review: this package reviews its %1 communities on their existing buildings and community offices, under %2.</source>
        <translation>项目中没有待审查的开发地块：本材料按 %2 审查其 %1 个社区的现有建筑与社区用房。</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="257"/>
        <source>Office now (㎡)</source>
        <translation>现有用房（㎡）</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="257"/>
        <source>Required (㎡)</source>
        <translation>应配（㎡）</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="268"/>
        <source>Households within reach of each service</source>
        <translation>各项服务可达的户数比例</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="270"/>
        <source>Not computed: the project has no facilities or parking layer.</source>
        <translation>未计算：项目没有设施或停车图层。</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="273"/>
        <source>, walking</source>
        <translation>，步行</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="291"/>
        <source>No facility of kind %1 in the project: every household counts as beyond reach.</source>
        <translation>项目中没有 %1 类设施：所有住户均计为不可达。</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="328"/>
        <source>Approval package</source>
        <translation>审批材料</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="350"/>
        <source>Approval package — plot %1 — %2</source>
        <translation>审批材料 — 地块 %1 — %2</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="351"/>
        <source>Communities overview — %1</source>
        <translation>社区概况 — %1</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="400"/>
        <source>Communities of %1</source>
        <translation>%1 的社区</translation>
    </message>
    <message>
        <location filename="../draw/approval_report.cpp" line="450"/>
        <source>Plot %1 — %2</source>
        <translation>地块 %1 — %2</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="53"/>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="64"/>
        <source>Style: %1</source>
        <translation>样式：%1</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="78"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="79"/>
        <source>(one colour)</source>
        <translation>（单一颜色）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="91"/>
        <source>Hidden when zoomed out beyond this scale</source>
        <translation>缩小到此比例尺以外时隐藏</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="92"/>
        <source>Hidden when zoomed in beyond this scale</source>
        <translation>放大到此比例尺以内时隐藏</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="93"/>
        <source>Fill</source>
        <translation>填充</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="94"/>
        <source>Stroke</source>
        <translation>边线</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="95"/>
        <source>Stroke width (px)</source>
        <translation>边线宽度（像素）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="96"/>
        <source>Symbol size (px)</source>
        <translation>符号大小（像素）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="97"/>
        <source>Label</source>
        <translation>标注</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="98"/>
        <source>Colour by</source>
        <translation>按字段着色</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="99"/>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="100"/>
        <source>Shown from (zoomed out)</source>
        <translation>显示起始比例尺（缩小）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="101"/>
        <source>Shown to (zoomed in)</source>
        <translation>显示终止比例尺（放大）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="120"/>
        <source>Site new facilities</source>
        <translation>设施选址</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="120"/>
        <source>Facility coverage</source>
        <translation>设施覆盖</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="126"/>
        <source>Kind</source>
        <translation>设施类型</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="133"/>
        <source>Sites to add</source>
        <translation>新增数量</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="143"/>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="184"/>
        <source>Export layers</source>
        <translation>导出图层</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="155"/>
        <source>GeoPackage (styled for QGIS)</source>
        <translation>GeoPackage（含 QGIS 样式）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="156"/>
        <source>ESRI Shapefile</source>
        <translation>ESRI Shapefile</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="159"/>
        <source>DXF (CAD)</source>
        <translation>DXF（CAD）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="166"/>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="167"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="168"/>
        <source>CRS</source>
        <translation>坐标系</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="169"/>
        <source>Shapefile encoding</source>
        <translation>Shapefile 编码</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="196"/>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="199"/>
        <source>Export map</source>
        <translation>导出地图</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="204"/>
        <source>A4 landscape</source>
        <translation>A4 横向</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="205"/>
        <source>A4 portrait</source>
        <translation>A4 纵向</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="206"/>
        <source>A3 landscape</source>
        <translation>A3 横向</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="207"/>
        <source>A3 portrait</source>
        <translation>A3 纵向</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="210"/>
        <source>As on screen</source>
        <translation>与屏幕相同</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="216"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="217"/>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="218"/>
        <source>Scale</source>
        <translation>比例尺</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="219"/>
        <source>DPI</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="230"/>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="275"/>
        <source>Add basemap</source>
        <translation>添加底图</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="236"/>
        <source>Tile service by URL (XYZ template or WMTS capabilities)</source>
        <translation>按网址添加瓦片服务（XYZ 模板或 WMTS 能力文档）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="276"/>
        <source>The URL needs {x}, {y} and {z} where the tile&apos;s column, row and zoom go, or must be a WMTS capabilities document (…/WMTSCapabilities.xml or …REQUEST=GetCapabilities).</source>
        <translation>网址中需要用 {x}、{y}、{z} 表示瓦片的列号、行号和级别，或者是 WMTS 能力文档（…/WMTSCapabilities.xml 或 …REQUEST=GetCapabilities）。</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="237"/>
        <source>Raster file (GeoTIFF, MBTiles, GeoPackage tiles)…</source>
        <translation>栅格文件（GeoTIFF、MBTiles、GeoPackage 瓦片）…</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="241"/>
        <source>true coordinates (WGS 84 / CGCS2000)</source>
        <translation>真实坐标（WGS 84 / CGCS2000）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="242"/>
        <source>GCJ-02 (AMap, Tencent)</source>
        <translation>GCJ-02（高德、腾讯）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="244"/>
        <source>Basemap</source>
        <translation>底图</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="245"/>
        <source>URL template</source>
        <translation>网址模板</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="246"/>
        <source>Coordinates of the tiles</source>
        <translation>瓦片坐标</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="247"/>
        <source>Attribution</source>
        <translation>版权说明</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="261"/>
        <source>Raster file</source>
        <translation>栅格文件</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="262"/>
        <source>Raster (*.tif *.tiff *.mbtiles *.gpkg *.jp2 *.png *.jpg *.vrt);;All files (*)</source>
        <translation>栅格 (*.tif *.tiff *.mbtiles *.gpkg *.jp2 *.png *.jpg *.vrt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="281"/>
        <source>tiles</source>
        <translation>瓦片</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="289"/>
        <source>Key for %1</source>
        <translation>%1 的密钥</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/layer_dialogs.cpp" line="290"/>
        <source>This service needs your key (%1). It is kept in this computer&apos;s settings, never in the project.</source>
        <translation>此服务需要您的密钥（%1）。密钥只保存在本机设置中，不会写入项目文件。</translation>
    </message>
    <message>
        <location filename="../draw/map_renderer.cpp" line="68"/>
        <source>Basemap %1 not drawn: %2</source>
        <translation>底图 %1 未能绘制：%2</translation>
    </message>
</context>
<context>
    <name>cp</name>
    <message>
        <location filename="../ui/dialogs/conflict_dialog.cpp" line="19"/>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/conflict_dialog.cpp" line="27"/>
        <source>Someone else saved these plots</source>
        <translation>他人已保存这些地块</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/conflict_dialog.cpp" line="29"/>
        <source>Since you opened the project, %n plot(s) you changed were saved by someone else. Nothing of your save was written yet. Keep your version (it replaces theirs), take theirs (your change of these plots is dropped, your other changes are saved), or cancel and decide later.</source>
        <translation>自您打开项目以来，您修改的 %n 个地块已被他人保存。您的保存尚未写入任何内容。可保留我的版本（替换对方的版本）、采用对方的版本（放弃您对这些地块的修改，其余修改照常保存），或取消以后再定。</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/conflict_dialog.cpp" line="39"/>
        <source>Feature / field</source>
        <translation>要素 / 字段</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/conflict_dialog.cpp" line="39"/>
        <source>When read</source>
        <translation>读取时</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/conflict_dialog.cpp" line="39"/>
        <source>Yours</source>
        <translation>我的</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/conflict_dialog.cpp" line="39"/>
        <source>Theirs</source>
        <translation>对方的</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/conflict_dialog.cpp" line="43"/>
        <source>feature %1</source>
        <translation>要素 %1</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/conflict_dialog.cpp" line="45"/>
        <source>deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/conflict_dialog.cpp" line="48"/>
        <source>version %1, saved by %2 at %3</source>
        <translation>版本 %1，由 %2 于 %3 保存</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/conflict_dialog.cpp" line="60"/>
        <source>shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/conflict_dialog.cpp" line="61"/>
        <source>changed</source>
        <translation>已修改</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/conflict_dialog.cpp" line="68"/>
        <source>Keep mine</source>
        <translation>保留我的</translation>
    </message>
    <message>
        <location filename="../ui/dialogs/conflict_dialog.cpp" line="70"/>
        <source>Take theirs</source>
        <translation>采用对方的</translation>
    </message>
</context>
<context>
    <name>cp::AttributePanel</name>
    <message numerus="yes">
        <location filename="../ui/panels/attribute_panel.cpp" line="48"/>
        <source>%1 — %n feature(s)</source>
        <translation>
            <numerusform>%1 — %n 个要素</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cp::IdentifyPanel</name>
    <message>
        <location filename="../ui/panels/identify_panel.cpp" line="9"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../ui/panels/identify_panel.cpp" line="9"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
</context>
<context>
    <name>cp::JobRunner</name>
    <message>
        <location filename="../ui/job_runner.cpp" line="8"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../ui/job_runner.cpp" line="29"/>
        <source>An unexpected error stopped the job</source>
        <translation>意外错误使任务中止</translation>
    </message>
</context>
<context>
    <name>cp::LayerTreePanel</name>
    <message>
        <location filename="../ui/panels/layer_tree_panel.cpp" line="53"/>
        <source>Zoom to layer</source>
        <translation>缩放至图层</translation>
    </message>
    <message>
        <location filename="../ui/panels/layer_tree_panel.cpp" line="54"/>
        <source>Attribute table</source>
        <translation>属性表</translation>
    </message>
    <message>
        <location filename="../ui/panels/layer_tree_panel.cpp" line="55"/>
        <source>Style, opacity and scale range…</source>
        <translation>样式、不透明度与显示比例尺…</translation>
    </message>
    <message>
        <location filename="../ui/panels/layer_tree_panel.cpp" line="56"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../ui/panels/layer_tree_panel.cpp" line="57"/>
        <source>Remove layer</source>
        <translation>移除图层</translation>
    </message>
    <message>
        <location filename="../ui/panels/layer_tree_panel.cpp" line="71"/>
        <source>Not shown at this scale (its scale range in Style)</source>
        <translation>当前比例尺下不显示（见样式中的比例尺范围）</translation>
    </message>
    <message>
        <location filename="../ui/panels/layer_tree_panel.cpp" line="124"/>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <location filename="../ui/panels/layer_tree_panel.cpp" line="139"/>
        <source>Office: community has enough space (%1)</source>
        <translation>社区用房：社区用房充足（%1）</translation>
    </message>
    <message>
        <location filename="../ui/panels/layer_tree_panel.cpp" line="140"/>
        <source>Office: community short of space (%1)</source>
        <translation>社区用房：社区用房不足（%1）</translation>
    </message>
    <message>
        <location filename="../ui/panels/layer_tree_panel.cpp" line="141"/>
        <source>Office: need or area unknown (%1)</source>
        <translation>社区用房：需求或面积未知（%1）</translation>
    </message>
    <message>
        <location filename="../ui/panels/layer_tree_panel.cpp" line="144"/>
        <source>(office size: floor area)</source>
        <translation>（符号大小：建筑面积）</translation>
    </message>
    <message>
        <location filename="../ui/panels/layer_tree_panel.cpp" line="150"/>
        <source>other (%1)</source>
        <translation>其他（%1）</translation>
    </message>
    <message>
        <location filename="../ui/panels/layer_tree_panel.cpp" line="160"/>
        <source>%1 spaces or more</source>
        <translation>%1 个车位及以上</translation>
    </message>
    <message>
        <location filename="../ui/panels/layer_tree_panel.cpp" line="161"/>
        <source>%1–%2 spaces</source>
        <translation>%1–%2 个车位</translation>
    </message>
    <message>
        <location filename="../ui/panels/layer_tree_panel.cpp" line="164"/>
        <source>spaces unknown (%1)</source>
        <translation>车位数未知（%1）</translation>
    </message>
</context>
<context>
    <name>cp::MainWindow</name>
    <message>
        <location filename="../ui/main_window.cpp" line="69"/>
        <location filename="../ui/main_window.cpp" line="320"/>
        <source>Community Planner</source>
        <translation>社区规划</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="144"/>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="145"/>
        <source>Identify</source>
        <translation>要素信息</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="170"/>
        <source>Map tools</source>
        <translation>地图工具</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="280"/>
        <source>Scale</source>
        <translation>比例尺</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/main_window.cpp" line="398"/>
        <source>%n feature(s) selected in %1</source>
        <translation>
            <numerusform>已在 %1 中选择 %n 个要素</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="416"/>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="417"/>
        <source>The project has changes that are not saved (plot edits, styles or layers). Save them?</source>
        <translation>项目有尚未保存的修改（地块编辑、样式或图层）。是否保存？</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="460"/>
        <source>Open project or file</source>
        <translation>打开项目或文件</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="461"/>
        <source>Project or vector file (*.toml *.gpkg *.shp *.geojson *.json *.kml *.gml *.dxf *.csv *.osm *.pbf);;All files (*)</source>
        <translation>项目或矢量文件 (*.toml *.gpkg *.shp *.geojson *.json *.kml *.gml *.dxf *.csv *.osm *.pbf);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="466"/>
        <location filename="../ui/main_window.cpp" line="470"/>
        <source>Add layer</source>
        <translation>添加图层</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="467"/>
        <source>Vector file (*.gpkg *.shp *.geojson *.json *.kml *.gml *.dxf *.csv);;All files (*)</source>
        <translation>矢量文件 (*.gpkg *.shp *.geojson *.json *.kml *.gml *.dxf *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="470"/>
        <source>A project file opens with File → Open, not as a layer.</source>
        <translation>项目文件请用“文件 → 打开”，不能作为图层添加。</translation>
    </message>
    <message>
        <location filename="../ui/main_window_dialogs.cpp" line="91"/>
        <source>Plot</source>
        <translation>地块</translation>
    </message>
    <message>
        <location filename="../ui/main_window_dialogs.cpp" line="116"/>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="146"/>
        <source>Plot review</source>
        <translation>地块审查</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="147"/>
        <source>Attribute table</source>
        <translation>属性表</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="215"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="225"/>
        <source>Export map (PNG, PDF)…</source>
        <translation>导出地图（PNG、PDF）…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="226"/>
        <source>Export layers (Shapefile, GeoPackage, GeoJSON, KML, DXF)…</source>
        <translation>导出图层（Shapefile、GeoPackage、GeoJSON、KML、DXF）…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="227"/>
        <source>Approval package (PDF)…</source>
        <translation>审批材料（PDF）…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="436"/>
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="229"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="231"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="197"/>
        <location filename="../ui/main_window.cpp" line="199"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="200"/>
        <location filename="../ui/main_window.cpp" line="202"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="181"/>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="181"/>
        <source>Drag to pan; click to identify</source>
        <translation>拖动平移；单击查询要素</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="182"/>
        <source>Select</source>
        <translation>选择</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="182"/>
        <source>Click or drag a rectangle to select features of the active layer (Ctrl adds)</source>
        <translation>单击或拖出矩形，选择当前图层的要素（按 Ctrl 追加）</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="183"/>
        <source>Measure</source>
        <translation>测距</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="183"/>
        <source>Click along a path; double-click to end</source>
        <translation>沿路径单击；双击结束</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="184"/>
        <source>Measure area</source>
        <translation>测面积</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="184"/>
        <source>Click the corners of an area; double-click to end</source>
        <translation>单击区域各角点；双击结束</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="185"/>
        <source>Draw plot</source>
        <translation>绘制地块</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="185"/>
        <source>Click the corners of a new development plot; double-click to finish, Esc to drop it</source>
        <translation>依次点击新地块的角点，双击结束，按 Esc 放弃</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="188"/>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="189"/>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="190"/>
        <source>Full extent</source>
        <translation>全图</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="191"/>
        <source>Zoom to selection</source>
        <translation>缩放至所选</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="216"/>
        <source>Open project or file…</source>
        <translation>打开项目或文件…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="217"/>
        <source>Save project (edits, styles, layers)</source>
        <translation>保存项目（编辑、样式、图层）</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="218"/>
        <source>Refresh from the sources</source>
        <translation>从数据源刷新</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="220"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="220"/>
        <source>Reading the project again drops the changes not saved. Go on?</source>
        <translation>重新读取项目将丢弃未保存的修改。继续吗？</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="234"/>
        <source>Clear selection</source>
        <translation>清除选择</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="236"/>
        <source>&amp;Layer</source>
        <translation>图层(&amp;L)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="237"/>
        <source>Add layer…</source>
        <translation>添加图层…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="238"/>
        <source>Add basemap…</source>
        <translation>添加底图…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="243"/>
        <source>Work offline (tiles from the cache only)</source>
        <translation>离线工作（只用缓存中的瓦片）</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="253"/>
        <source>&amp;Analysis</source>
        <translation>分析(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="254"/>
        <source>Facility coverage…</source>
        <translation>设施覆盖…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="255"/>
        <source>Site new facilities…</source>
        <translation>设施选址…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="256"/>
        <source>Community map</source>
        <translation>社区专题图</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="260"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="261"/>
        <source>Zoom to full extent</source>
        <translation>全图</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="262"/>
        <location filename="../ui/main_window.cpp" line="268"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="265"/>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="268"/>
        <source>The new language applies when Community Planner starts again.</source>
        <translation>新的语言将在重新启动社区规划后生效。</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="320"/>
        <source>Community Planner — %1</source>
        <translation>社区规划 — %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_dialogs.cpp" line="104"/>
        <source>New plot</source>
        <translation>新地块</translation>
    </message>
    <message>
        <location filename="../ui/main_window_dialogs.cpp" line="117"/>
        <source>Gross floor area m²</source>
        <translation>建筑面积</translation>
    </message>
    <message>
        <location filename="../ui/main_window_dialogs.cpp" line="118"/>
        <source>Reserved office m²</source>
        <translation>社区用房</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="94"/>
        <source>The job did not complete</source>
        <translation>任务未完成</translation>
    </message>
    <message>
        <location filename="../ui/main_window_dialogs.cpp" line="74"/>
        <source>Plots with their review (verdicts, rules)</source>
        <translation>地块及审查结果（结论、规定）</translation>
    </message>
    <message>
        <location filename="../ui/main_window_dialogs.cpp" line="84"/>
        <source>All plots</source>
        <translation>全部地块</translation>
    </message>
    <message>
        <location filename="../ui/main_window_dialogs.cpp" line="91"/>
        <location filename="../ui/main_window_dialogs.cpp" line="94"/>
        <source>Approval package</source>
        <translation>审批材料</translation>
    </message>
    <message>
        <location filename="../ui/main_window_dialogs.cpp" line="32"/>
        <source>CRS: EPSG:%1 · %2 · Community Planner</source>
        <translation>坐标系：EPSG:%1 · %2 · 社区规划</translation>
    </message>
    <message>
        <location filename="../ui/main_window_dialogs.cpp" line="61"/>
        <source>Plot review — %1</source>
        <translation>地块审查 — %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window_dialogs.cpp" line="67"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
<context>
    <name>cp::MeasureTool</name>
    <message>
        <location filename="../ui/map_tools/measure_tool.cpp" line="26"/>
        <source>%1 km</source>
        <translation>%1 千米</translation>
    </message>
    <message>
        <location filename="../ui/map_tools/measure_tool.cpp" line="26"/>
        <source>%1 m</source>
        <translation>%1 米</translation>
    </message>
    <message>
        <location filename="../ui/map_tools/measure_tool.cpp" line="29"/>
        <source>%1 km²</source>
        <translation>%1 平方千米</translation>
    </message>
    <message>
        <location filename="../ui/map_tools/measure_tool.cpp" line="30"/>
        <source>%1 m² (%2 ha)</source>
        <translation>%1 平方米（%2 公顷）</translation>
    </message>
    <message>
        <location filename="../ui/map_tools/measure_tool.cpp" line="33"/>
        <source>click at least three corners</source>
        <translation>至少单击三个角点</translation>
    </message>
    <message>
        <location filename="../ui/map_tools/measure_tool.cpp" line="34"/>
        <source>Area %1 · on the ellipsoid %2</source>
        <translation>面积 %1 · 椭球面上 %2</translation>
    </message>
    <message>
        <location filename="../ui/map_tools/measure_tool.cpp" line="34"/>
        <location filename="../ui/map_tools/measure_tool.cpp" line="38"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../ui/map_tools/measure_tool.cpp" line="35"/>
        <source> · perimeter %1</source>
        <translation> · 周长 %1</translation>
    </message>
    <message>
        <location filename="../ui/map_tools/measure_tool.cpp" line="37"/>
        <source>Distance %1 · on the ellipsoid %2</source>
        <translation>距离 %1 · 椭球面上 %2</translation>
    </message>
</context>
<context>
    <name>cp::ReviewPanel</name>
    <message>
        <location filename="../ui/panels/review_panel.cpp" line="22"/>
        <source>Rule pack</source>
        <translation>规则包</translation>
    </message>
    <message>
        <location filename="../ui/panels/review_panel.cpp" line="30"/>
        <source>Plot</source>
        <translation>地块</translation>
    </message>
    <message>
        <location filename="../ui/panels/review_panel.cpp" line="30"/>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../ui/panels/review_panel.cpp" line="30"/>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <location filename="../ui/panels/review_panel.cpp" line="30"/>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../ui/panels/review_panel.cpp" line="30"/>
        <source>Required m²</source>
        <translation>应配 m²</translation>
    </message>
    <message>
        <location filename="../ui/panels/review_panel.cpp" line="31"/>
        <source>Reserved m²</source>
        <translation>预留 m²</translation>
    </message>
    <message>
        <location filename="../ui/panels/review_panel.cpp" line="31"/>
        <source>Short m²</source>
        <translation>缺口 m²</translation>
    </message>
    <message>
        <location filename="../ui/panels/review_panel.cpp" line="31"/>
        <source>Parking</source>
        <translation>停车位</translation>
    </message>
    <message>
        <location filename="../ui/panels/review_panel.cpp" line="102"/>
        <source>short %L1</source>
        <translation>缺 %L1</translation>
    </message>
</context>
<context>
    <name>cp::SearchBox</name>
    <message>
        <location filename="../ui/panels/search_box.cpp" line="16"/>
        <source>Search: community, plot id, any value</source>
        <translation>搜索：社区、地块编号或任意属性值</translation>
    </message>
    <message>
        <location filename="../ui/panels/search_box.cpp" line="67"/>
        <source>No feature has &apos;%1&apos;</source>
        <translation>没有要素含有“%1”</translation>
    </message>
</context>
<context>
    <name>cp::Session</name>
    <message>
        <location filename="../ui/session.cpp" line="73"/>
        <source>Reading the project…</source>
        <translation>正在读取项目…</translation>
    </message>
    <message>
        <location filename="../ui/session.cpp" line="128"/>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <location filename="../ui/session.cpp" line="197"/>
        <source>Others&apos; saves will show only on refresh: %1</source>
        <translation>他人的保存仅在刷新后显示：%1</translation>
    </message>
    <message>
        <location filename="../ui/session.cpp" line="212"/>
        <source>%1 saved feature %2 of %3</source>
        <translation>%1 保存了 %3 的要素 %2</translation>
    </message>
    <message>
        <location filename="../ui/session.cpp" line="216"/>
        <source>%1 — File → Refresh (F5) shows it</source>
        <translation>%1 —— 文件 → 从数据源刷新（F5）可查看</translation>
    </message>
    <message>
        <location filename="../ui/session.cpp" line="266"/>
        <source>Reviewing the plots (%1)</source>
        <translation>正在审查地块（%1）</translation>
    </message>
    <message>
        <location filename="../ui/session.cpp" line="331"/>
        <source>Edit %1 of %2</source>
        <translation>修改 %2 的 %1</translation>
    </message>
    <message>
        <location filename="../ui/session.cpp" line="361"/>
        <source>Draw plot %1</source>
        <translation>绘制地块 %1</translation>
    </message>
    <message>
        <location filename="../ui/session.cpp" line="372"/>
        <source>This map has no project file to save into: it was opened from a single file.</source>
        <translation>此地图没有可保存的项目文件：它是从单个文件打开的。</translation>
    </message>
    <message>
        <location filename="../ui/session_analyses.cpp" line="34"/>
        <source>Computing coverage of %1…</source>
        <translation>正在计算 %1 覆盖…</translation>
    </message>
    <message>
        <location filename="../ui/session_analyses.cpp" line="44"/>
        <source>Service areas: %1 (%2 m)</source>
        <translation>服务范围：%1（%2 米）</translation>
    </message>
    <message>
        <location filename="../ui/session_analyses.cpp" line="47"/>
        <source>Uncovered: %1 (%L2 of %L3 households)</source>
        <translation>未覆盖建筑：%1（%L3 户中 %L2 户）</translation>
    </message>
    <message>
        <location filename="../ui/session_analyses.cpp" line="61"/>
        <source>Choosing sites…</source>
        <translation>正在选址…</translation>
    </message>
    <message>
        <location filename="../ui/session_analyses.cpp" line="74"/>
        <source>New sites: %1 (+%L2 households; %3)</source>
        <translation>新选址：%1（新增 %L2 户；%3）</translation>
    </message>
    <message>
        <location filename="../ui/session_analyses.cpp" line="85"/>
        <source>The community maps need the project&apos;s communities, reviewed</source>
        <translation>社区专题图需要先审查项目的社区图层</translation>
    </message>
    <message>
        <location filename="../ui/session_analyses.cpp" line="98"/>
        <source>Computing the community figures…</source>
        <translation>正在计算社区指标…</translation>
    </message>
    <message>
        <location filename="../ui/session_analyses.cpp" line="101"/>
        <source>The rule pack %1 has no parking standard: choose national, Hangzhou or Changsha in the review panel</source>
        <translation>规则包 %1 没有停车配建标准：请在审查面板中选择全国、杭州或长沙</translation>
    </message>
    <message>
        <location filename="../ui/session_analyses.cpp" line="105"/>
        <source>The rule pack %1 has no budget lines: choose Hangzhou or Changsha in the review panel</source>
        <translation>规则包 %1 没有社区经费科目：请在审查面板中选择杭州或长沙</translation>
    </message>
    <message>
        <location filename="../ui/session_analyses.cpp" line="121"/>
        <source>The parking map needs the project&apos;s parking and buildings layers</source>
        <translation>停车专题图需要项目的停车场图层和建筑图层</translation>
    </message>
    <message>
        <location filename="../ui/session_analyses.cpp" line="135"/>
        <source>no figure</source>
        <translation>无数据</translation>
    </message>
    <message>
        <location filename="../ui/session_analyses.cpp" line="147"/>
        <source>Office ㎡ per 100 households against the rule</source>
        <translation>每百户社区用房面积（对照规定）</translation>
    </message>
    <message>
        <location filename="../ui/session_analyses.cpp" line="148"/>
        <source>Parking spaces per household against the standard</source>
        <translation>户均停车位（对照标准）</translation>
    </message>
    <message>
        <location filename="../ui/session_analyses.cpp" line="149"/>
        <source>Budget per household (yuan a year)</source>
        <translation>户均社区经费（元/年）</translation>
    </message>
    <message>
        <location filename="../ui/session_analyses.cpp" line="156"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../ui/session_analyses.cpp" line="157"/>
        <source>&lt; %L1 yuan</source>
        <translation>&lt; %L1 元</translation>
    </message>
    <message>
        <location filename="../ui/session_analyses.cpp" line="158"/>
        <source>≥ %L1 yuan</source>
        <translation>≥ %L1 元</translation>
    </message>
    <message>
        <location filename="../ui/session_analyses.cpp" line="159"/>
        <source>%L1 – %L2 yuan</source>
        <translation>%L1 – %L2 元</translation>
    </message>
    <message>
        <location filename="../ui/session_analyses.cpp" line="161"/>
        <source>of the standard</source>
        <translation>标准</translation>
    </message>
    <message>
        <location filename="../ui/session_analyses.cpp" line="161"/>
        <source>of the rule</source>
        <translation>规定</translation>
    </message>
    <message>
        <location filename="../ui/session_analyses.cpp" line="162"/>
        <source>&lt; %1 % %2</source>
        <translation>低于%2的 %1 %</translation>
    </message>
    <message>
        <location filename="../ui/session_analyses.cpp" line="163"/>
        <source>≥ %1 % %2</source>
        <translation>达到%2的 %1 % 以上</translation>
    </message>
    <message>
        <location filename="../ui/session_analyses.cpp" line="164"/>
        <source>%1 – %2 % %3</source>
        <translation>%3的 %1 – %2 %</translation>
    </message>
    <message>
        <location filename="../ui/session_analyses.cpp" line="198"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/session_analyses.cpp" line="204"/>
        <source>Exported %n file(s)</source>
        <translation>
            <numerusform>已导出 %n 个文件</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/session_analyses.cpp" line="216"/>
        <source>Writing the approval package…</source>
        <translation>正在生成审批材料…</translation>
    </message>
    <message>
        <location filename="../ui/session_analyses.cpp" line="227"/>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <location filename="../ui/session_layers.cpp" line="28"/>
        <source>Opening the basemap %1…</source>
        <translation>正在打开底图 %1…</translation>
    </message>
</context>
</TS>
